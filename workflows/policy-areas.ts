/** The vocabulary of policy areas, shared by documents, plan items, memoranda and every client. Pure data. */

/** The policy areas of the seed article (集成电路 … 区块链) and three the joint work needs, with their names. */
export const policyAreaNames = {
  INTEGRATED_CIRCUITS: { zh: '集成电路', en: 'integrated circuits' },
  NEW_DISPLAY: { zh: '新型显示', en: 'new displays' },
  SMART_TERMINALS: { zh: '智能终端', en: 'smart terminals' },
  SOFTWARE_AND_IT_SERVICES: { zh: '软件及信息服务', en: 'software and IT services' },
  CYBERSECURITY: { zh: '网络安全', en: 'cybersecurity' },
  DIGITAL_CREATIVE: { zh: '数字文创', en: 'digital creative industries' },
  INTELLIGENT_CONSTRUCTION: { zh: '智能建造', en: 'intelligent construction' },
  FIVE_G: { zh: '5G', en: '5G' },
  INTERNET_OF_THINGS: { zh: '物联网', en: 'Internet of Things' },
  BIG_DATA: { zh: '大数据', en: 'big data' },
  ARTIFICIAL_INTELLIGENCE: { zh: '人工智能', en: 'artificial intelligence' },
  BLOCKCHAIN: { zh: '区块链', en: 'blockchain' },
  PUBLIC_SERVICES: { zh: '公共服务', en: 'public services' },
  DATA_CIRCULATION: { zh: '数据流通', en: 'data circulation' },
  INFRASTRUCTURE: { zh: '基础设施', en: 'infrastructure' },
} as const;
export type PolicyArea = keyof typeof policyAreaNames;
export const policyAreas = Object.keys(policyAreaNames) as PolicyArea[];

/** The Chinese name of a policy area; a code this version does not know is shown as it is. */
export const policyAreaName = (code: string): string => (policyAreaNames as Record<string, { zh: string } | undefined>)[code]?.zh ?? code;
