import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, OperationTypeNode, type ASTVisitor, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import { badInput } from '../errors.js';
import type { GraphQLContext } from './context.js';
import { refusal } from './limits.js';

const noOperation = () =>
  badInput('文档中没有可执行的操作：只有片段（fragment）不能执行', 'The document holds no operation to run: fragments alone cannot be run', { field: 'query' });
const anonymousAmongOthers = () =>
  badInput(
    '文档含多个操作时，每个操作都须命名，并用 operationName 指明要执行的一个',
    'A document with several operations must name each of them, and operationName must choose the one to run',
    { field: 'query' },
  );
const unknownOperationName = () =>
  badInput('文档中没有 operationName 所指的操作', 'The document has no operation of the name given as operationName', { field: 'operationName' });
const unnamedChoice = () =>
  badInput('文档含多个操作：须用 operationName 指明要执行的一个', 'The document holds several operations: operationName must choose the one to run', {
    field: 'operationName',
  });
// Subscriptions are served over WebSocket, never by this HTTP endpoint, whether or not the schema has any.
const subscription = () =>
  badInput('此地址只执行查询（query）和变更（mutation），不执行订阅（subscription）', 'This endpoint runs queries and mutations, not subscriptions', {
    field: 'query',
  });

/**
 * Validation rule: the document must hold an operation, and an anonymous one only alone (GraphQL spec §5.2.2.1).
 * graphql-js refuses both too, in English and after ours (its reports come as it leaves the document).
 */
export const runnableDocument = (context: ValidationContext): ASTVisitor => ({
  Document(document) {
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    if (operations.length === 0) context.reportError(refusal(noOperation()));
    else if (operations.length > 1 && operations.some((operation) => operation.name === undefined)) context.reportError(refusal(anonymousAmongOthers()));
  },
});

/**
 * Refuses what Apollo would otherwise take to execution and fail there as an internal error: a subscription
 * (the schema has no Subscription type, and execution throws), and no operation chosen (an operationName the
 * document lacks, or several operations and none named). Runs for every request, including documents Apollo has
 * already parsed and validated once and keeps in its cache.
 */
export const operationChecks: ApolloServerPlugin<GraphQLContext> = {
  requestDidStart: () =>
    Promise.resolve({
      didResolveOperation: ({ operation, request }) => {
        if (operation === undefined) throw refusal(request.operationName == null ? unnamedChoice() : unknownOperationName());
        if (operation.operation === OperationTypeNode.SUBSCRIPTION) throw refusal(subscription());
        return Promise.resolve();
      },
    }),
};
