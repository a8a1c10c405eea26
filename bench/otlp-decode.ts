// OTLP decoding, the console receiver's first step: @sightline/otlp's decodeTraceRequest vs
// protobufjs (the generic decoder the OpenTelemetry JS packages used before they wrote their
// own writer; they ship no decoder) on the same ExportTraceServiceRequest of 512 server spans
// with 8 attributes, serialized by upstream otlp-transformer. JSON rows: ours vs JSON.parse alone.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeTraceRequest } from '@sightline/otlp';
import protobuf from 'protobufjs';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, printTable } from './lib/table.js';
import { measureRounds, parseRoundsArgs, type RoundsOptions } from './lib/timed-rounds.js';
import { serverSpans } from './span-encode.js';

const SPANS = 512;

/** The trace messages of opentelemetry-proto (trace.proto, common.proto, resource.proto, trace_service.proto). */
const TRACE_PROTO = `
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
  ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10; repeated Event events = 11; uint32 dropped_events_count = 12; repeated Link links = 13;
  uint32 dropped_links_count = 14; Status status = 15;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
}
message Status { string message = 2; int32 code = 3; }
`;

interface Variant {
  readonly name: string;
  readonly note: string;
  /** Decodes the request once; returns the spans it found (a check that every variant saw them all). */
  readonly run: () => number;
}

type ProtobufjsRequest = { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };

function countSpans(request: { resourceSpans: readonly { scopeSpans: readonly { spans: readonly unknown[] }[] }[] }): number {
  let spans = 0;
  for (const resource of request.resourceSpans) for (const scope of resource.scopeSpans) spans += scope.spans.length;
  return spans;
}

async function variants(): Promise<Variant[]> {
  const spans = await serverSpans();
  const protobufBody = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
  const jsonBody = JsonTraceSerializer.serializeRequest(spans) as Uint8Array;
  const jsonText = new TextDecoder().decode(jsonBody);
  const requestType = protobuf.parse(TRACE_PROTO).root.lookupType('ExportTraceServiceRequest');
  return [
    {
      name: 'protobufjs decode',
      note: 'baseline: reflection decoder; ids stay bytes, times Long objects, UTF-8 unchecked, no id checks',
      run: () => countSpans(requestType.decode(protobufBody) as unknown as ProtobufjsRequest),
    },
    {
      name: 'sightline protobuf',
      note: 'decodeTraceRequest: hex ids, bigint times, fatal UTF-8, limits, id checks',
      run: () => countSpans(decodeTraceRequest(protobufBody, 'protobuf')),
    },
    {
      name: 'JSON.parse only',
      note: 'reference for the JSON row: parsing alone, lossy int64, no typed values',
      run: () => countSpans(JSON.parse(jsonText) as ProtobufjsRequest),
    },
    {
      name: 'sightline json',
      note: 'decodeTraceRequest: UTF-8 check, exact-int64 pre-pass, JSON.parse, typed values, id checks',
      run: () => countSpans(decodeTraceRequest(jsonBody, 'json')),
    },
  ].map((variant) => ({ ...variant, bytes: 0 }));
}

export async function runOtlpDecodeBench(options: RoundsOptions): Promise<void> {
  const list = await variants();
  for (const variant of list) {
    const found = variant.run();
    if (found !== SPANS) throw new Error(`${variant.name} decoded ${found} spans, expected ${SPANS}`);
  }
  const rates = measureRounds(
    list.map((variant) => ({ name: variant.name, opsPerRun: 1, run: () => variant.run() })),
    options,
  );
  const rate = (name: string) => median(rates.get(name) as number[]);
  const baselineOf = (name: string) =>
    name.includes('json') || name.startsWith('JSON') ? rate('JSON.parse only') : rate('protobufjs decode');
  printTable(
    `OTLP trace decoding: requests of ${SPANS} server spans with 8 attributes, ${options.rounds} rounds x ${options.millisPerRound} ms, medians`,
    ['variant', 'requests/s', 'spans/s', 'ns/span', 'vs baseline', 'what'],
    list.map((variant) => {
      const requests = rate(variant.name);
      return [
        variant.name,
        formatCount(requests),
        formatCount(requests * SPANS),
        formatFixed(1e9 / requests / SPANS),
        formatRatio(requests / baselineOf(variant.name)),
        variant.note,
      ];
    }),
    ['vs baseline: throughput ratio against protobufjs (protobuf rows) or JSON.parse alone (JSON rows); higher is faster.'],
  );
}

export function parseOtlpDecodeArgs(args: readonly string[]): RoundsOptions {
  return parseRoundsArgs(args, 'decode');
}

if (isEntryPoint(import.meta.url)) await runOtlpDecodeBench(parseOtlpDecodeArgs(process.argv.slice(2)));
