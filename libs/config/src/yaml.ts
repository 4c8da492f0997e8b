// One import site for the YAML parser.
export { default as YAML } from 'yaml';
