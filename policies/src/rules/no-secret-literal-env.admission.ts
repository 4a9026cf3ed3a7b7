import { ADMISSION_BOUNDS } from '../admission/bounds';
import { firstMessage, JS_WHITESPACE as SPACE, str } from '../admission/cel';
import { containerLabelCel } from '../admission/pod';
import type { AdmissionForm, AdmissionValidation, AdmissionVariable } from '../admission/types';
import {
  CREDENTIAL_VALUE_PATTERNS,
  credentialNamePatterns,
  NOT_A_CREDENTIAL_WORDS,
} from '../kubernetes/credential-patterns';
import { CONTAINER_LISTS, type ContainerList } from '../kubernetes/pod-template';

/** The rule's name test on the raw upper-cased name (the rule turns separator runs into `_` first). */
const NAME_PATTERNS = credentialNamePatterns('raw');

/** The rule's value shapes; JS's `\\s` spelled out, since RE2's covers ASCII whitespace only. */
const CREDENTIAL_VALUES = CREDENTIAL_VALUE_PATTERNS.map(({ pattern, what }) => ({
  pattern: pattern.replaceAll('\\s', SPACE),
  what,
}));

/** A `$(OTHER_VAR)` reference, which is not a literal. */
const REFERENCE = '^\\$\\([A-Za-z_][A-Za-z0-9_.-]*\\)$';

/** CEL: the value `v` is a literal the rule looks at (not empty, not a reference). */
const literal = (v: string) => `${v} != '' && !${v}.matches(${str(REFERENCE)})`;

/** CEL: name `n` looks like it holds a credential. */
const credentialName = (n: string, group: 0 | 1 | 2) =>
  `${n}.upperAscii().matches(${str(NAME_PATTERNS.groups[group])}) && !${n}.upperAscii().matches(${str(NAME_PATTERNS.notACredential)})`;

/** CEL string: the env container's path, for a message about `e` in container `c` of `list`. */
const envPath = (list: string, c: string, e: string) =>
  `variables.podPath + '.${list}[' + string(variables.${list}.indexOf(${c})) + '].env[' + string(${c}.env.indexOf(${e})) + '].value'`;

/** CEL string: the ConfigMap data path of key `k`, as the rule writes it. */
const dataPath = (k: string) =>
  `(${k}.matches('^[A-Za-z_][A-Za-z0-9_]*$') ? 'data.' + ${k} : 'data[\\'' + ${k} + '\\']')`;

/**
 * A check that no literal is `flagged(name, value)`: every env entry with a `value` of every container (pods),
 * or every `data` entry (ConfigMaps). The flagged containers (per list) or keys are found once, in a variable
 * the validation and its message share; the message names the first and says `reason`.
 */
function literalCheck(
  name: string,
  flagged: (n: string, v: string) => string,
  reason: string,
  guard: string,
): { variables: AdmissionVariable[]; validation: AdmissionValidation } {
  const envFlagged = (e: string) =>
    `has(${e}.value) && ${literal(`${e}.value`)} && ${flagged(`(has(${e}.name) ? ${e}.name : '')`, `${e}.value`)}`;
  const dataFlagged = (k: string) => `${literal(`object.data[${k}]`)} && ${flagged(k, `object.data[${k}]`)}`;
  const found = `variables.${name}`;
  const envMessage = (list: ContainerList, c: string, e: string) =>
    `variables.subject + ': ' + ${containerLabelCel(list, c)} + ' sets ' + (has(${e}.name) && ${e}.name != '' ? 'env ' + ${e}.name : 'an env entry') + ' to a literal with ${reason} at ' + ${envPath(list, c, e)} + '; put the credential in a Secret and read it with valueFrom.secretKeyRef (or mount it as a file)'`;
  const podMessage = CONTAINER_LISTS.reduceRight(
    (otherwise, list, index) =>
      `size(${found}.pods[${index}]) > 0 ? ${firstMessage([{ list: `${found}.pods[${index}]`, bad: () => 'true', message: (c) => firstMessage([{ list: `${c}.env`, bad: envFlagged, message: (e) => envMessage(list, c, e) }], 'e') }], 'c')} : ${otherwise}`,
    "''",
  );
  const dataMessage = firstMessage(
    [
      {
        list: `${found}.data`,
        bad: () => 'true',
        message: (k) =>
          `variables.subject + ': key \\'' + ${k} + '\\' holds a literal with ${reason} at ' + ${dataPath(k)} + '; move it into a Secret and mount or reference that instead'`,
      },
    ],
    'k',
  );
  return {
    variables: [
      {
        name,
        expression: `!(${guard}) ? {'data': [], 'pods': []} : variables.kind == 'ConfigMap' ? {'data': has(object.data) ? object.data.filter(k, ${dataFlagged('k')}) : [], 'pods': []} : {'data': [], 'pods': [${CONTAINER_LISTS.map((list) => `variables.${list}.filter(c, has(c.env) && c.env.exists(e, ${envFlagged('e')}))`).join(', ')}]}`,
      },
    ],
    validation: {
      expression: `size(${found}.data) == 0 && ${found}.pods.all(l, size(l) == 0)`,
      messageExpression: `variables.kind == 'ConfigMap' ? ${dataMessage} : ${podMessage}`,
    },
  };
}

/** CEL: literal values total at most the bytes the value patterns may scan. */
const SCAN_VALUES = `variables.withinBounds && variables.literalBytes <= ${ADMISSION_BOUNDS.scannedBytes}`;

/** The name check, then one check per value pattern (each its own expression, within the per-expression limit). */
const CHECKS = [
  ...([0, 1, 2] as const).map((group) =>
    literalCheck(
      `flaggedNames${group}`,
      (n, v) =>
        `${credentialName(n, group)} && !(${v}.startsWith('/') || ${v} in [${NOT_A_CREDENTIAL_WORDS.map(str).join(', ')}])`,
      'a credential-like name',
      'variables.withinBounds',
    ),
  ),
  ...CREDENTIAL_VALUES.map(({ pattern, what }, index) =>
    literalCheck(
      `flaggedValues${index}`,
      (_, v) => `${v}.matches(${str(pattern)})`,
      `a value that looks like ${what}`,
      SCAN_VALUES,
    ),
  ),
];

/** {@link noSecretLiteralEnv} at admission: env literals of every container, and ConfigMap data. */
export const noSecretLiteralEnvAdmission: AdmissionForm = {
  rule: 'no-secret-literal-env',
  pod: true,
  reads: ['spec', 'template', 'data'],
  variables: [
    {
      name: 'envEntries',
      expression: `[${CONTAINER_LISTS.map((list) => `variables.${list}.map(c, has(c.env) ? size(c.env) : 0).sum()`).join(', ')}].sum()`,
    },
    {
      name: 'withinBounds',
      expression: `variables.kind == 'ConfigMap' ? (!has(object.data) || size(object.data) <= ${ADMISSION_BOUNDS.configMapKeys}) : variables.envEntries <= ${ADMISSION_BOUNDS.envEntries} && ${CONTAINER_LISTS.map((list) => `variables.${list}.all(c, !has(c.env) || c.env.all(e, !has(e.name) || size(e.name) <= ${ADMISSION_BOUNDS.envNameLength}))`).join(' && ')}`,
    },
    {
      name: 'literalBytes',
      expression: `variables.kind == 'ConfigMap' ? (has(object.data) ? object.data.map(k, size(object.data[k])).sum() : 0) : [${CONTAINER_LISTS.map((list) => `variables.${list}.map(c, has(c.env) ? c.env.map(e, has(e.value) ? size(e.value) : 0).sum() : 0).sum()`).join(', ')}].sum()`,
    },
    ...CHECKS.flatMap((check) => check.variables),
  ],
  validations: [
    {
      expression: 'variables.withinBounds',
      messageExpression: `variables.kind == 'ConfigMap' ? variables.subject + ': has ' + string(size(object.data)) + ' data keys, more than the ${ADMISSION_BOUNDS.configMapKeys} this admission policy checks within the API server\\'s CEL cost limit; split it' : variables.subject + ': has ' + string(variables.envEntries) + ' env entries (or a name longer than ${ADMISSION_BOUNDS.envNameLength} characters), more than the ${ADMISSION_BOUNDS.envEntries} this admission policy checks within the API server\\'s CEL cost limit; move configuration into a ConfigMap mounted as files'`,
    },
    ...CHECKS.map((check) => check.validation),
  ],
};
