// What became of a rating's correction, from the rate route's answer (`correction_file`,
// `correction_refused`): queued for training, or kept out of it with the API's reason (a
// correction of a held-out validation example must never reach training).

/** The suffix after "rated bad": empty when no correction was sent. */
export function correctionOutcome(answer) {
  if (answer?.correction_file) return '; correction queued for training';
  if (answer?.correction_refused) return `; correction not queued for training: ${answer.correction_refused}`;
  return '';
}
