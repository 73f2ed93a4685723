import { z } from 'zod';
import { parseDuration } from './parse-duration.js';
import { parseCaptureCondition } from './capture-condition.js';

/**
 * The one definition of a signature file (`patterns/<component>/<id>.yaml`). patterns/README.md documents it
 * key by key; test/patterns/signature-schema.test.ts keeps the two in step.
 */

const duration = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, { message: 'Invalid duration: use a number and s, m, h or d (30s, 10m, 2h, 1d)' });

const captureCondition = z
  .string()
  .refine((s) => parseCaptureCondition('x', s) !== undefined, { message: "Invalid condition: use an operator and a Go duration or number ('>= 1s', '> 500ms', '>= 3'), or 'present'" });

const url = z.string().regex(/^https?:\/\/\S+$/, { message: 'Invalid URL: expected http(s)://…' });

export const ruleSchema = z
  .object({
    regex: z.string().min(1),
    literals: z.array(z.string().min(1)).min(1).optional(),
    ignore_case: z.boolean().optional(),
    field: z.string().min(1).optional(),
    versions: z.string().min(1).optional(),
    source: url.optional(),
  })
  .strict();

/**
 * When a match rule's line counts, judged from what surrounds it once hosts and boots are placed (see
 * src/correlate/rule-conditions.ts): how long after a boot it came, how often the rule matched around it.
 */
const bootPhaseSchema = z
  .object({ within: duration.optional(), after: duration.optional() })
  .strict()
  .refine((p) => (p.within === undefined) !== (p.after === undefined), { message: 'Invalid boot_phase: give exactly one of within (only early in a boot) or after (only once up that long)' });

const repetitionSchema = z
  .object({ at_most: z.number().int().min(1).optional(), at_least: z.number().int().min(2).optional(), within: duration })
  .strict()
  .refine((r) => r.at_most !== undefined || r.at_least !== undefined, { message: 'Invalid repetition: give at_most (a one-off), at_least (a flood) or both, with within' })
  .refine((r) => r.at_most === undefined || r.at_least === undefined || r.at_least <= r.at_most, { message: 'Invalid repetition: at_least is above at_most' });

export const matchRuleSchema = ruleSchema
  .extend({ boot_phase: bootPhaseSchema.optional(), repetition: repetitionSchema.optional() })
  .strict();

const relationSchema = z
  .object({
    signature: z.string().min(1),
    within: duration,
    same_host: z.boolean().optional(),
  })
  .strict();

const versionRangeSchema = z.object({ product: z.string().min(1), versions: z.string().min(1) }).strict();

const matchExampleSchema = z
  .object({
    line: z.string().min(1),
    captures: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const signatureSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Invalid id: use kebab-case (a-z, 0-9, -)' }),
    title: z.string().min(1).regex(/^[^\n]*$/, { message: 'Invalid title: must be one line' }),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
    role: z.enum(['cause', 'symptom', 'context']),
    benign: z.boolean().optional(),
    components: z.array(z.string().min(1)).optional(),
    match: z.array(matchRuleSchema).min(1),
    fingerprint: z.array(z.string().regex(/^[A-Za-z_]\w*$/, { message: 'Invalid capture name' })).optional(),
    unless: z.array(ruleSchema).optional(),
    threshold: z
      .object({
        count: z.number().int().min(1),
        within: duration,
        unless_capture: z.record(z.string().regex(/^[A-Za-z_]\w*$/, { message: 'Invalid capture name' }), captureCondition).optional(),
      })
      .strict()
      .optional(),
    summary: z.string().min(1),
    explanation: z.string().min(1),
    remediation: z.array(z.string().min(1)),
    runbook: url,
    references: z.array(url).optional(),
    affects: z.array(versionRangeSchema).optional(),
    fixed_in: z.array(versionRangeSchema).optional(),
    causes: z.array(relationSchema).optional(),
    caused_by: z.array(relationSchema).optional(),
    examples: z
      .object({
        match: z.array(matchExampleSchema).min(1),
        no_match: z.array(z.string().min(1)).min(1),
      })
      .strict(),
  })
  .strict();

/** A signature file as written (snake_case keys), after validation. */
export type SignatureFile = z.infer<typeof signatureSchema>;
export type RuleFile = z.infer<typeof ruleSchema>;
export type MatchRuleFile = z.infer<typeof matchRuleSchema>;
