/**
 * The answer to a syllogism of the generator's shape — premises "All X are Y." (and "Some X are
 * Y.", which licenses no "all"), then "Does it follow that all S are O? Answer yes or no." —
 * from the premises alone: yes when a chain of "all" premises leads from S to O. Null for
 * any other text.
 */
export function solveSyllogism(prompt: string): 'yes' | 'no' | null {
  const m = /^((?:(?:All|Some) [a-z]+ are [a-z]+\. )+)Does it follow that all ([a-z]+) are ([a-z]+)\? Answer yes or no\.$/.exec(prompt.trim());
  if (!m) return null;
  const all = new Map<string, string[]>();
  for (const p of m[1]!.trim().split(/(?<=\.) /)) {
    const premise = /^(All|Some) ([a-z]+) are ([a-z]+)\.$/.exec(p);
    if (!premise) return null;
    if (premise[1] === 'All') all.set(premise[2]!, [...(all.get(premise[2]!) ?? []), premise[3]!]);
  }
  const [subject, object] = [m[2]!, m[3]!];
  const seen = new Set([subject]);
  const todo = [subject];
  while (todo.length) {
    for (const next of all.get(todo.pop()!) ?? []) {
      if (next === object) return 'yes';
      if (!seen.has(next)) { seen.add(next); todo.push(next); }
    }
  }
  return 'no';
}
