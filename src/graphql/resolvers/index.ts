import type { Resolvers } from '../generated.js';
import { DateTime } from '../scalars.js';
import { caseResolvers } from './cases.js';
import { directoryResolvers } from './directory.js';

export const resolvers: Resolvers = {
  ...directoryResolvers,
  ...caseResolvers,
  DateTime,
  Query: { ...directoryResolvers.Query, ...caseResolvers.Query },
  Mutation: { ...directoryResolvers.Mutation, ...caseResolvers.Mutation },
};
