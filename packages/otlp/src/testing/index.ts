/**
 * `@sightline/otlp/testing`: the field-by-field protobuf writer this package's decoder tests
 * use, for other packages' receiver tests (the console's) to build the same bodies, malformed
 * ones included, without a copy of it. Not loaded by the codec itself.
 */
export {
  bytes,
  concat,
  double,
  fixed32,
  fixed64,
  hex,
  message,
  packedDouble,
  packedFixed64,
  packedVarint,
  sint32,
  string,
  stringAttribute,
  varint,
} from './protobuf-wire.js';
