import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  BREAK,
  buildSchema,
  GraphQLError,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { QueryLimits } from '../config.js';
import { badInput, type AppError } from '../errors.js';

/** The page size the server serves when a list field is asked without `first` or `last` and its schema names none. */
const defaultPageSize = 50;

/** A client's mistake found before execution: answered BAD_USER_INPUT (400) in both languages, naming the query. */
export const refusal = (error: AppError): GraphQLError => new GraphQLError(error.messages.en, { originalError: error, extensions: { http: { status: 400 } } });

const reporting =
  (zh: string, en: string) =>
  (context: ValidationContext | null): void =>
    context?.reportError(refusal(badInput(zh, en, { field: 'query' })));

/** graphql-armor's options: report in both languages, as a validation error, without the count found. */
const armor = (zh: string, en: string) => ({ propagateOnRejection: false, exposeLimits: false, onReject: [reporting(zh, en)] });

const costRule = (limits: QueryLimits): ValidationRule =>
  costLimitRule({
    maxCost: limits.cost,
    ...armor(`查询代价超过上限 ${limits.cost}：请减少字段或每页条数`, `The query costs more than ${limits.cost}: ask for fewer fields or smaller pages`),
  });

/**
 * Refuses a selection set that selects one response name more than `max` times, fragments merged in. graphql-js's
 * overlapping-fields rule compares every two selections of one name, which takes time in proportion to the square
 * of their number; no client needs more than a few. Each selection set and fragment is counted once (memoised),
 * and counts stop at `max + 1`.
 */
const repeatedFieldsRule =
  (max: number): ValidationRule =>
  (context) => {
    const counted = new WeakMap<SelectionSetNode, Map<string, number>>();
    const counting = new Set<SelectionSetNode>();
    const countsOf = (set: SelectionSetNode): Map<string, number> => {
      const known = counted.get(set);
      if (known !== undefined) return known;
      const counts = new Map<string, number>();
      // A fragment spread inside itself is a cycle, which graphql-js refuses: counted as nothing here.
      if (counting.has(set)) return counts;
      counting.add(set);
      const add = (name: string, n: number) => counts.set(name, Math.min(max + 1, (counts.get(name) ?? 0) + n));
      for (const selection of set.selections) {
        const inner =
          selection.kind === Kind.FIELD
            ? undefined
            : selection.kind === Kind.INLINE_FRAGMENT
              ? selection.selectionSet
              : context.getFragment(selection.name.value)?.selectionSet;
        if (selection.kind === Kind.FIELD) add((selection.alias ?? selection.name).value, 1);
        else if (inner !== undefined) for (const [name, n] of countsOf(inner)) add(name, n);
      }
      counting.delete(set);
      counted.set(set, counts);
      return counts;
    };
    return {
      SelectionSet(set) {
        if (![...countsOf(set).values()].some((n) => n > max)) return undefined;
        reporting(`同一字段在一处选择中不得超过 ${max} 次`, `A selection may ask for one field at most ${max} times`)(context);
        return BREAK;
      },
    };
  };

/** The `@cost(weight:)` of each Query field that has one (schema.graphql): fields whose work no page size tells. */
function rootWeights(schema: GraphQLSchema): Map<string, number> {
  const weights = new Map<string, number>();
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const cost = field.astNode?.directives?.find((directive) => directive.name.value === 'cost');
    const weight = cost?.arguments?.find((argument) => argument.name.value === 'weight')?.value;
    if (weight?.kind === Kind.INT) weights.set(field.name, Number(weight.value));
  }
  return weights;
}

/**
 * Refuses an operation whose weighed Query fields (`@cost`) weigh more than `max` in all, each selection counted (an
 * alias or a fragment spread twice selects twice). Weighed fields are Query's, so only the root selection set and the
 * fragments spread into it are walked, each fragment once (memoised).
 */
const weightRule =
  (weights: ReadonlyMap<string, number>, max: number): ValidationRule =>
  (context) => {
    const ofFragment = new Map<string, number>();
    const weigh = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) total += weights.get(selection.name.value) ?? 0;
        else if (selection.kind === Kind.INLINE_FRAGMENT) total += weigh(selection.selectionSet, seen);
        else if (!seen.has(selection.name.value)) {
          const name = selection.name.value;
          if (!ofFragment.has(name)) {
            const fragment = context.getFragment(name);
            ofFragment.set(name, fragment == null ? 0 : weigh(fragment.selectionSet, new Set([...seen, name])));
          }
          total += ofFragment.get(name)!;
        }
        if (total > max) return total;
      }
      return total;
    };
    return {
      OperationDefinition(operation) {
        if (weigh(operation.selectionSet, new Set()) <= max) return;
        reporting(
          `查询所选的高代价字段（对比、证据包、核验等）合计超过 ${max}`,
          `The query selects costly fields (diffs, bundles, verifications …) weighing more than ${max} in all`,
        )(context);
      },
    };
  };

/** Refuses a document of more than `max` operations: GraphQL validates every one, though a request runs one. */
const operationsRule =
  (max: number): ValidationRule =>
  (context) => ({
    Document(document) {
      if (document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length <= max) return undefined;
      reporting(`一个文档中的操作不得超过 ${max} 个`, `A document may hold at most ${max} operations`)(context);
      return BREAK;
    },
  });

/**
 * The limits as validation rules (graphql-armor's, and the repeated-field rule), linear in the document: each visits a
 * fragment once however often it is spread (they memoise by fragment name), so a check costs time in proportion to
 * the document, never to its expansion.
 */
const limitRules = (schema: GraphQLSchema, limits: QueryLimits): ValidationRule[] => [
  operationsRule(limits.operations),
  weightRule(rootWeights(schema), limits.weight),
  repeatedFieldsRule(limits.repeatedFields),
  maxDepthRule({ n: limits.depth, ...armor(`查询嵌套超过 ${limits.depth} 层`, `The query is nested deeper than ${limits.depth} levels`) }),
  maxAliasesRule({ n: limits.aliases, ...armor(`查询的别名超过 ${limits.aliases} 个`, `The query uses more than ${limits.aliases} aliases`) }),
  maxDirectivesRule({ n: limits.directives, ...armor(`查询的指令超过 ${limits.directives} 个`, `The query uses more than ${limits.directives} directives`) }),
];

const intArgument = (name: string, value: number): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: name },
  value: { kind: Kind.INT, value: String(value) },
});

/**
 * The document with the page size of every list written in: a variable's value (or its default), the argument's
 * default, else `defaultPageSize`. graphql-armor's cost rule weighs a list by a literal `first` or `last` only.
 */
function withPageSizes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): DocumentNode {
  const declared = new Map<string, unknown>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue?.kind === Kind.INT) declared.set(variable.variable.name.value, Number(variable.defaultValue.value));
    }
  }
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field: FieldNode): FieldNode | undefined {
        const definition = typeInfo.getFieldDef();
        const paging = definition?.args.filter((arg) => arg.name === 'first' || arg.name === 'last') ?? [];
        if (paging.length === 0) return undefined;
        const sizes = (field.arguments ?? []).flatMap((arg) => {
          if (arg.name.value !== 'first' && arg.name.value !== 'last') return [];
          const value =
            arg.value.kind === Kind.VARIABLE
              ? (variables[arg.value.name.value] ?? declared.get(arg.value.name.value))
              : arg.value.kind === Kind.INT
                ? Number(arg.value.value)
                : undefined;
          return typeof value === 'number' ? [value] : [];
        });
        const fallback = paging.map((arg) => arg.defaultValue).find((value): value is number => typeof value === 'number') ?? defaultPageSize;
        const size = Math.max(1, ...(sizes.length > 0 ? sizes : [fallback]));
        const others = (field.arguments ?? []).filter((arg) => arg.name.value !== 'first' && arg.name.value !== 'last');
        return { ...field, arguments: [intArgument('first', size), ...others] };
      },
    }),
  );
}

/**
 * How many values `value` holds (itself, every member of an object and element of an array, at any depth), counted
 * no further than `limit` + 1. graphql-js checks variables value by value and quotes the whole value in each error:
 * a value of many members costs time in proportion to its size times the errors found in it.
 */
function valuesIn(value: unknown, limit: number): number {
  let count = 0;
  const pending = [value];
  while (pending.length > 0 && count <= limit) {
    const next = pending.pop();
    count += 1;
    if (typeof next === 'object' && next !== null) {
      const members: unknown[] = Array.isArray(next) ? (next as unknown[]) : Object.values(next);
      pending.push(...members.slice(0, limit + 1 - count));
    }
  }
  return count;
}

/**
 * What every transport applies to a request before GraphQL validates and runs it: variables of more values than
 * allowed are refused, the document is parsed within the token limit and refused (BAD_USER_INPUT, naming the
 * limit) when it is nested too deep, uses too many aliases,
 * directives or repetitions of one field, or costs more than allowed with the variables sent — a list asked by a
 * variable page size (or none, served at its default) weighs as much as one written in the document. Every check
 * takes time in proportion to the document. Some of graphql-js's own validation rules take time in proportion to
 * the square of what they compare, so this runs first. A document that does not parse, or variables that are not an
 * object, are left to GraphQL to refuse.
 */
export function documentGate(typeDefs: string, maxTokens: number, limits: QueryLimits): (query: unknown, variables: unknown) => void {
  const schema = buildSchema(typeDefs);
  const rules = [...limitRules(schema, limits), costRule(limits)];
  return (query, variables) => {
    if (valuesIn(variables, limits.variableValues) > limits.variableValues) {
      throw badInput(`变量中的值超过 ${limits.variableValues} 个`, `The variables hold more than ${limits.variableValues} values`, { field: 'variables' });
    }
    if (typeof query !== 'string') return;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens });
    } catch {
      return;
    }
    const given = typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {};
    const [error] = validate(schema, withPageSizes(schema, document, given), rules, { maxErrors: 1 });
    if (error !== undefined) throw error.originalError ?? error;
  };
}
