import type { Resolvers } from '../generated.js';
import { Amount, DateTime } from '../scalars.js';
import { calendarResolvers } from './calendar.js';
import { caseResolvers } from './cases.js';
import { directoryResolvers } from './directory.js';
import { projectResolvers } from './projects.js';

export const resolvers: Resolvers = {
  ...directoryResolvers,
  ...caseResolvers,
  ...projectResolvers,
  Amount,
  DateTime,
  Query: { ...directoryResolvers.Query, ...caseResolvers.Query, ...projectResolvers.Query, ...calendarResolvers.Query },
  Mutation: { ...directoryResolvers.Mutation, ...caseResolvers.Mutation, ...projectResolvers.Mutation, ...calendarResolvers.Mutation },
};
