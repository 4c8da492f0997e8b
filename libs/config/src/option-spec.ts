/** One settable leaf of the configuration, and how it is set from outside a file. */
export interface OptionSpec {
  /** Dotted path in the config object. */
  path: string;
  type: 'string' | 'number' | 'boolean';
  /** Command-line flag; the seed's flags keep their names. */
  flag?: string;
  /** Default, as the reference shows it. */
  defaultText: string;
  description: string;
}

/** An `OptionSpec`, written on one line in the option tables. */
export const option = (path: string, type: OptionSpec['type'], defaultText: string, description: string, flag?: string): OptionSpec => ({
  path,
  type,
  flag,
  defaultText,
  description,
});
