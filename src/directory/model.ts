export const regions = ['CHENGDU', 'CHONGQING', 'JOINT'] as const;
export type Region = (typeof regions)[number];

export const roles = ['DRAFTER', 'REVIEWER', 'SIGNATORY', 'COORDINATOR', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof roles)[number];

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
