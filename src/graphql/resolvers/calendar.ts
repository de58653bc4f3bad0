import type { Resolvers } from '../generated.js';

export const calendarResolvers = {
  Query: {
    calendar: (_, { year }, { services, viewer }) => services.calendar.overview(viewer, year),
  },
  Mutation: {
    loadCalendarYear: (_, { input }, { services, viewer }) => services.calendar.load(viewer, input),
  },
} satisfies Resolvers;
