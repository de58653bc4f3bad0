import type { Viewer } from '../directory/model.js';
import type { DirectoryService } from '../directory/service.js';

export interface Services {
  directory: DirectoryService;
}

export interface GraphQLContext {
  services: Services;
  /** Absent for an anonymous caller; present only after the token and the user's status were checked. */
  viewer: Viewer | undefined;
}
