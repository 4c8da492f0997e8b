import { z } from 'zod';

/** Seed 000's five levels, best first. */
export const MONITORING_LEVELS = ['EXCELLENT', 'HEALTHY', 'ATTENTION', 'WARNING', 'CRITICAL'] as const;
export const MonitoringLevel = z.enum(MONITORING_LEVELS);
export type MonitoringLevel = z.infer<typeof MonitoringLevel>;

/** Seed 000's grading scale. */
export const LetterGrade = z.enum(['A+', 'A', 'B+', 'B', 'C', 'D', 'F']);
export type LetterGrade = z.infer<typeof LetterGrade>;
