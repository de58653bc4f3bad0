import { currentScope } from '../../http/request-context.js';
import { toConnection } from '../connection.js';
import type { Resolvers } from '../generated.js';

export const directoryResolvers = {
  Query: {
    me: (_, __, { services, viewer }) => services.directory.me(viewer),
    agencies: async (_, { region, first, after }, { services, viewer }) => {
      const key = services.cursors.open('agencies', after);
      return toConnection(services.cursors, 'agencies', await services.directory.agencies(viewer, region ?? undefined, key, first), (agency) => agency.id, key);
    },
    users: async (_, { agencyId, first, after }, { services, viewer }) => {
      const key = services.cursors.open('users', after);
      return toConnection(services.cursors, 'users', await services.directory.users(viewer, agencyId ?? undefined, key, first), (user) => user.username, key);
    },
  },
  Mutation: {
    login: (_, { username, password, deviceToken }, { services }) => {
      // Who the attempt was for, should it be denied (security-log.ts).
      currentScope().user ??= username;
      return services.directory.login(username, password, deviceToken ?? undefined);
    },
    createAgency: (_, { input }, { services, viewer }) => services.directory.createAgency(viewer, input),
    createUser: (_, { input }, { services, viewer }) => services.directory.createUser(viewer, input),
    setUserRoles: (_, { userId, roles }, { services, viewer }) => services.directory.setUserRoles(viewer, userId, roles),
    disableUser: (_, { userId }, { services, viewer }) => services.directory.setDisabled(viewer, userId, true),
    enableUser: (_, { userId }, { services, viewer }) => services.directory.setDisabled(viewer, userId, false),
  },
  User: {
    agency: (user, _, { services }) => services.directory.agency(user.agencyId),
    region: async (user, _, { services }) => (await services.directory.agency(user.agencyId)).region,
  },
} satisfies Resolvers;
