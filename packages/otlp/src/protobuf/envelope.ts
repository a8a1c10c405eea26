import { rethrowWithin } from '../errors.js';
import type { Rejections } from '../rejections.js';
import type { Resource } from '../types.js';
import { decodeResource, emptyResource } from './common.js';
import { type FieldNames, type ProtobufReader, tag, WIRE_LEN } from './reader.js';

/**
 * What one signal puts into the two outer levels that all OTLP export requests share
 * (`Export*ServiceRequest { repeated Resource* = 1 }` and
 * `Resource* { resource = 1; repeated Scope* = 2; schema_url = 3 }`).
 */
export interface ExportEnvelope<Scope, ResourceEntry> {
  /** The request's fields, e.g. `{ 1: 'resourceSpans' }`. */
  readonly requestFields: FieldNames;
  /** The `Resource*` message's fields, e.g. `{ 1: 'resource', 2: 'scopeSpans', 3: 'schemaUrl' }`. */
  readonly resourceFields: FieldNames;
  /** Decodes one `Scope*` message (field 2 of `Resource*`); called once per scope, not per item. */
  readonly decodeScope: ScopeDecoder<Scope>;
  /** Builds the signal's `Resource*` value, so each signal keeps its own key names and object shape. */
  readonly resourceEntry: (resource: Resource, scopes: Scope[], schemaUrl: string) => ResourceEntry;
}

export type ScopeDecoder<Scope> = (reader: ProtobufReader, rejections: Rejections) => Scope;

/**
 * The envelope of one signal, built once at module load. `resources` and `scopes` are the list
 * names in OTLP/JSON (`resourceSpans`, `scopeSpans`), which error paths use as in the JSON form.
 */
export function exportEnvelope<Scope, ResourceEntry>(
  resources: string,
  scopes: string,
  decodeScope: ScopeDecoder<Scope>,
  resourceEntry: (resource: Resource, scopes: Scope[], schemaUrl: string) => ResourceEntry,
): ExportEnvelope<Scope, ResourceEntry> {
  return { requestFields: { 1: resources }, resourceFields: { 1: 'resource', 2: scopes, 3: 'schemaUrl' }, decodeScope, resourceEntry };
}

/** Decodes an export request's `Resource*` list; throws OtlpDecodeError with the path of what is malformed. */
export function decodeExportEnvelope<Scope, ResourceEntry>(
  reader: ProtobufReader,
  rejections: Rejections,
  envelope: ExportEnvelope<Scope, ResourceEntry>,
): ResourceEntry[] {
  const entries: ResourceEntry[] = [];
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_LEN)) {
        rejections.resourceIndex = entries.length;
        entries.push(decodeResourceEntry(reader, rejections, envelope));
      } else reader.skip(fieldTag, envelope.requestFields);
    }
  } catch (error) {
    const fields = envelope.requestFields;
    rethrowWithin(error, fieldTag === tag(1, WIRE_LEN) ? `${fields[1]}[${entries.length}]` : (fields[fieldTag >>> 3] ?? ''));
  }
  return entries;
}

function decodeResourceEntry<Scope, ResourceEntry>(
  reader: ProtobufReader,
  rejections: Rejections,
  envelope: ExportEnvelope<Scope, ResourceEntry>,
): ResourceEntry {
  const outer = reader.enter();
  let resource = emptyResource();
  const scopes: Scope[] = [];
  let schemaUrl = '';
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(2, WIRE_LEN)) {
        rejections.scopeIndex = scopes.length;
        scopes.push(envelope.decodeScope(reader, rejections));
      } else if (fieldTag === tag(1, WIRE_LEN)) resource = decodeResource(reader);
      else if (fieldTag === tag(3, WIRE_LEN)) schemaUrl = reader.string();
      else reader.skip(fieldTag, envelope.resourceFields);
    }
  } catch (error) {
    const fields = envelope.resourceFields;
    rethrowWithin(error, fieldTag === tag(2, WIRE_LEN) ? `${fields[2]}[${scopes.length}]` : (fields[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return envelope.resourceEntry(resource, scopes, schemaUrl);
}
