/*
 * Makerport's expression language: the subset of the Logic Apps / Power Automate workflow
 * definition language listed in DESIGN.md §8. Pure code (no database, no secrets, no Node-only
 * imports), so the editor can use it in the browser as well as the run engine on the server.
 *
 *   parseTemplate(text)               → Template            (throws ExpressionSyntaxError)
 *   evaluateString(text, ctx)         → JSON value          (typed for '@…', string for '@{…}')
 *   evaluateValue(json, ctx)          → JSON value          (every string inside evaluated)
 *   evaluateCondition(cond, ctx)      → boolean             (If: object form or expression string)
 *   analyzeTemplate(text)             → functions, actions, variables, parameters, loops, problems
 *   analyzeValue(json) / analyzeCondition(cond) → the same for every expression inside, with JSON pointers
 *   createContext(data)               → an ExpressionContext over plain data
 */
export { analyzeTemplate, analyzeValue, pointerSegment } from './analyze';
export type { ExpressionProblem, ExpressionReferences, FunctionUse, NameReference, TemplateAnalysis } from './analyze';
export { analyzeCondition, evaluateCondition } from './condition';
export type { ConditionAnalysis } from './condition';
export { createContext } from './context';
export type { ActionResult, ContextData, ExpressionContext } from './context';
export { ExpressionEvaluationError, ExpressionSyntaxError, positionAt } from './errors';
export type { ErrorPosition } from './errors';
export { evaluateString, evaluateValue } from './evaluate';
export { SUPPORTED_FUNCTIONS, findFunction } from './functions';
export { isExpressionText, parseTemplate } from './template';
export type { Template } from './template';
export type { Expr } from './ast';
export type { JsonValue } from './values';
