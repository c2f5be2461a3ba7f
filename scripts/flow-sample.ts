// npm run flow-sample -- <folder> [--json report.json] [--verbose]
// Reads every Power Platform solution zip under <folder> (a local copy of pnp/powerplatform-samples,
// for example), takes its cloud flows (customizations.xml Category 5, or any Workflows/*.json with
// definition.triggers), runs the flow validator on each, and reports how many parse, how many are
// fully supported, and the most frequent unsupported action types, trigger kinds and functions.
// Connectors are checked against the custom connectors the same solution brings, as an import would
// make them available; Microsoft's own connectors (SharePoint, Dataverse, …) don't exist in Makerport.
import { createHash } from 'node:crypto';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validateFlow, triggerLabel, isRecord, walkActions, type Finding } from '@/lib/flows/definition';
import { analyzeCondition, analyzeValue } from '@/lib/flows/expressions';
import { readSolution } from './solution-flows';

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--'));
if (!root) {
  console.error('usage: npm run flow-sample -- <folder with solution zips> [--json report.json] [--verbose]');
  process.exit(2);
}
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const verbose = args.includes('--verbose');

function findZips(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findZips(full, out);
    else if (name.toLowerCase().endsWith('.zip')) out.push(full);
  }
  return out;
}

const count = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
const top = (map: Map<string, number>, n = 12) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);

const zips = findZips(root).sort();
const tally = { zips: zips.length, solutions: 0, notSolutions: 0, legacyPackages: 0, unreadable: 0, customConnectors: 0 };
const flowsSeen = new Set<string>();
const stats = {
  flows: 0,
  duplicates: 0,
  jsonErrors: 0,
  documents: 0,
  expressions: 0,
  syntaxErrors: 0,
  allExpressionsParse: 0,
  structurallySupported: 0,
  fullySupported: 0,
};
const actionTypes = new Map<string, number>();
const triggerKinds = new Map<string, number>();
const functions = new Map<string, number>();
const codes = new Map<string, number>();
const connectors = new Map<string, number>();
const perFlow: { zip: string; flow: string; findings: Finding[] }[] = [];

for (const file of zips) {
  let solution: Awaited<ReturnType<typeof readSolution>>;
  try {
    solution = await readSolution(file);
  } catch (error) {
    tally.unreadable++;
    if (verbose) console.log(`unreadable ${file}: ${(error as Error).message}`);
    continue;
  }
  if (solution === 'not-a-solution' || solution === 'legacy-package') {
    if (solution === 'legacy-package') tally.legacyPackages++;
    else tally.notSolutions++;
    continue;
  }
  tally.solutions++;
  tally.customConnectors += solution.customConnectors;
  for (const flow of solution.flows) {
    const hash = createHash('sha256')
      .update(JSON.stringify(flow.document ?? null))
      .digest('hex');
    if (flowsSeen.has(hash)) {
      stats.duplicates++;
      continue;
    }
    flowsSeen.add(hash);
    stats.flows++;
    if (flow.document === undefined) {
      stats.jsonErrors++;
      continue;
    }
    const structural = validateFlow(flow.document);
    if (structural.some((f) => f.code === 'invalid-document')) continue;
    stats.documents++;
    const withConnectors = validateFlow(flow.document, { connectors: solution.lookup });
    perFlow.push({ zip: path.relative(root, file), flow: flow.name, findings: withConnectors });

    const properties = (flow.document as { properties: { definition: Record<string, unknown> } }).properties;
    const actions = isRecord(properties.definition.actions) ? properties.definition.actions : {};
    walkActions(actions, '', ({ action }) => {
      stats.expressions += analyzeValue(action.inputs).length + analyzeValue(action.foreach).length;
      stats.expressions +=
        action.type === 'If' ? analyzeCondition(action.expression).expressions.length : analyzeValue(action.expression).length;
    });
    const syntax = structural.filter((f) => f.code === 'expression-syntax').length;
    stats.syntaxErrors += syntax;
    if (syntax === 0) stats.allExpressionsParse++;
    if (structural.length === 0) stats.structurallySupported++;
    if (withConnectors.length === 0) stats.fullySupported++;
    for (const finding of withConnectors) {
      count(codes, finding.code);
      if (finding.code === 'unsupported-action') count(actionTypes, finding.subject!);
      if (finding.code === 'unsupported-trigger') count(triggerKinds, finding.subject!);
      if (finding.code === 'unknown-function') count(functions, finding.subject!);
      if (finding.code === 'unknown-connector') count(connectors, finding.subject!);
    }
    if (verbose) {
      const trigger = Object.values(isRecord(properties.definition.triggers) ? properties.definition.triggers : {})[0];
      console.log(`${path.relative(root, file)} ${flow.name} (${triggerLabel(trigger)}): ${withConnectors.length} findings`);
      for (const f of withConnectors) console.log(`    ${f.code} ${f.pointer}: ${f.message}`);
    }
  }
}

const pct = (n: number) => `${((100 * n) / Math.max(1, stats.documents)).toFixed(0)}%`;
console.log(
  `Zips: ${tally.zips} (${tally.solutions} solutions, ${tally.legacyPackages} legacy flow packages, ${tally.notSolutions} other zips, ${tally.unreadable} unreadable)`,
);
console.log(
  `Cloud flow definitions: ${stats.flows} distinct (${stats.duplicates} duplicates across zips skipped); ${stats.jsonErrors} not JSON`,
);
console.log(`Read as flow documents: ${stats.documents}`);
console.log(
  `Expression strings in actions: ${stats.expressions}; syntax errors: ${stats.syntaxErrors}; flows whose every expression parses: ${stats.allExpressionsParse} (${pct(stats.allExpressionsParse)})`,
);
console.log(
  `Fully supported, structure only (connectors not checked): ${stats.structurallySupported} (${pct(stats.structurallySupported)})`,
);
console.log(
  `Fully supported, with only the solution's own ${tally.customConnectors} custom connectors available: ${stats.fullySupported} (${pct(stats.fullySupported)})`,
);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}:`);
  for (const [key, n] of top(map)) console.log(`  ${String(n).padStart(5)}  ${key}`);
};
show('Findings by code', codes);
show('Unsupported action types (actions)', actionTypes);
show('Unsupported trigger kinds (flows)', triggerKinds);
show('Unsupported functions (uses)', functions);
show('Connectors not available (steps)', connectors);
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        tally,
        stats,
        codes: top(codes, 100),
        actionTypes: top(actionTypes, 100),
        triggerKinds: top(triggerKinds, 100),
        functions: top(functions, 100),
        connectors: top(connectors, 100),
        perFlow,
      },
      null,
      2,
    ),
  );
  console.log(`\nWrote ${jsonOut}`);
}
