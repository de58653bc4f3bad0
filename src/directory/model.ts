import type { Region, Role } from '../../workflows/types.js';

export type { Region, Role };

/** Who is calling, as every service sees it: always read fresh from the directory, never from the token. */
export interface Viewer {
  userId: string;
  username: string;
  agencyId: string;
  region: Region;
  roles: readonly Role[];
}
