import { z } from 'zod';

const burnRate = z.object({
  window: z.string().describe('an alert window (5m … 3d) or the SLO window'),
  errorRatio: z.number().nullable().describe('bad over all requests in the window; null without requests'),
  burnRate: z
    .number()
    .nullable()
    .describe('errorRatio over the error budget (1 - objective): 1 spends the budget exactly over the SLO window'),
});

const condition = z.object({
  severity: z.enum(['page', 'ticket']),
  short: z.string(),
  long: z.string(),
  threshold: z.number().describe('burn rate both windows must exceed'),
  burning: z.boolean().describe('both windows burn faster than the threshold'),
  firing: z.boolean().describe('burning, and the stored data covers the whole long window (burning without firing: too little data yet)'),
});

export const sloStatus = z.object({
  id: z.string().describe('<service>-<name>'),
  service: z.string(),
  name: z.string(),
  description: z.string(),
  objective: z.number().describe('percent'),
  window: z.string(),
  sli: z.object({
    kind: z.enum(['availability', 'latency']),
    routes: z.array(z.string()),
    methods: z.array(z.string()),
    thresholdSeconds: z.number().optional(),
  }),
  total: z.number().int().describe('requests over the SLO window (the part the console holds)'),
  bad: z.number().int(),
  current: z.number().nullable().describe('good over all requests over the SLO window'),
  budgetRemaining: z.number().nullable().describe('share of the error budget left (negative once overspent)'),
  dataSinceMs: z.number().nullable().describe('oldest request counted: the console may hold less than the SLO window'),
  burnRates: z.array(burnRate),
  conditions: z.array(condition).describe('the multi-window burn-rate alert conditions (SRE workbook) and whether each holds now'),
  alert: z.enum(['page', 'ticket']).nullable().describe('the alert that would fire now'),
});

export const untrackedSlo = z.object({
  id: z.string(),
  service: z.string(),
  name: z.string(),
  reason: z.string(),
});

export const sloList = z.object({
  slos: z.array(sloStatus).describe('sorted by budget remaining, least first'),
  untracked: z.array(untrackedSlo).describe('SLOs of the specs the console cannot compute (PromQL SLIs)'),
});

export const sloDetail = sloStatus.extend({
  budget: z
    .array(z.object({ timeMs: z.number(), budgetRemaining: z.number().nullable() }))
    .describe('budget remaining over the SLO window ending at each time'),
});

export const sloIdParam = z.string().min(1);
