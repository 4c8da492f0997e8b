// One import site for the YAML parser, loaded only when a YAML file is read: the package costs
// every daemon ~9 MB of memory, and most configurations are JSON or environment only.
import { createRequire } from 'node:module';
import type YamlModule from 'yaml';

export const loadYaml = (): typeof YamlModule => createRequire(import.meta.url)('yaml') as typeof YamlModule;
