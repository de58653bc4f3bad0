import type { Region, Role } from '../../workflows/types.js';

export type { Region, Role };

export interface Agency {
  id: string;
  name: string;
  nameEn?: string;
  region: Region;
  createdAt: Date;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  agencyId: string;
  roles: Role[];
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Who is calling, as every service sees it: always read fresh from the directory, never from the token. */
export interface Viewer {
  userId: string;
  username: string;
  agencyId: string;
  region: Region;
  roles: readonly Role[];
}
