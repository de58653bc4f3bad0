import { describe, expect, it } from 'vitest';
import { Alignment } from '../support/alignments.js';
import { useTestBed } from '../support/bed.js';
import { codes } from '../support/graphql.js';

describe('plan alignment through GraphQL', () => {
  const bed = useTestBed('alignment');

  it('reconciles two sections item by item into a memorandum both cities sign', async () => {
    const { actors, keys, signers } = bed;
    const alignment = await Alignment.open(actors);
    expect((await alignment.addItem('cq.drafter', 'FIVE_G', '新建 5G 基站 3 万个')).errors).toBeUndefined();
    await alignment.addItem('cq.drafter', 'BIG_DATA', '建设数据中心 2 个');
    await alignment.addItem('cq.drafter', 'DATA_CIRCULATION', '建成成渝数据交换中心');
    await alignment.addItem('cd.drafter', 'FIVE_G', '新建 5G 基站 3 万个');
    await alignment.addItem('cd.drafter', 'BIG_DATA', '建设数据中心 1 个');

    // Neither city sees the other's draft before both have submitted; the joint office sees both.
    const chengdu = (await alignment.view('cd.reviewer')).data!.case;
    expect(chengdu.items.map((item) => item.region)).toEqual(['CHENGDU', 'CHENGDU']);
    expect((await alignment.view('cq.reviewer')).data!.case.items).toHaveLength(3);
    expect((await alignment.view('joint.coordinator')).data!.case.items).toHaveLength(5);
    expect(codes(await alignment.addItem('cd.drafter', 'FIVE_G', '替对方添加', 'CQ-BDB'))).toEqual(['BAD_USER_INPUT']);
    // A second item on one topic would be left out of the pairs, and of the memorandum signed: refused, saying why.
    const second = await alignment.addItem('cq.drafter', 'FIVE_G', '另建 5G 基站 1 万个');
    expect(codes(second)).toEqual(['BAD_USER_INPUT']);
    expect(second.errors?.[0]?.extensions).toMatchObject({
      field: 'topic',
      messages: { zh: '本方在议题“5G”上已有事项：每个议题每方一项，请修改或删除原事项' },
    });

    await alignment.submit('cq.reviewer');
    const reconciling = (await alignment.submit('cd.drafter')).data!.submitSection!;
    expect(reconciling.state).toBe('reconciling');
    expect(reconciling.progress).toEqual({ total: 3, aligned: 1, divergent: 2, escalated: 0 });
    expect(reconciling.pairs.map((pair) => [pair.topic, pair.status, pair.resolvedBy])).toEqual([
      ['BIG_DATA', 'DIVERGENT', null],
      ['DATA_CIRCULATION', 'DIVERGENT', null],
      ['FIVE_G', 'ALIGNED', 'IDENTICAL'],
    ]);
    const items = (await alignment.view('cd.reviewer')).data!.case.items;
    expect(items.map((item) => `${item.region}:${item.topic}:${item.status}`).sort()).toEqual([
      'CHENGDU:BIG_DATA:DIVERGENT',
      'CHENGDU:FIVE_G:ALIGNED',
      'CHONGQING:BIG_DATA:DIVERGENT',
      'CHONGQING:DATA_CIRCULATION:DIVERGENT',
      'CHONGQING:FIVE_G:ALIGNED',
    ]);

    await alignment.topic('cq.reviewer', 'proposeResolution', 'BIG_DATA', '两地各建 1 个，共建 1 个灾备中心');
    expect(codes(await alignment.topic('cq.drafter', 'acceptResolution', 'BIG_DATA'))).toEqual(['FORBIDDEN']);
    const inbox = await actors.query<{ inbox: { edges: { node: { id: string; availableActions: string[] } }[] } }>(
      'cd.reviewer',
      '{ inbox { edges { node { id availableActions } } } }',
    );
    expect(inbox.data!.inbox.edges.find((edge) => edge.node.id === alignment.id)?.node.availableActions).toEqual([
      'PROPOSE_RESOLUTION',
      'ACCEPT_RESOLUTION',
      'COUNTER_PROPOSE',
      'ABANDON',
    ]);
    await alignment.topic('cd.reviewer', 'acceptResolution', 'BIG_DATA');
    await alignment.topic('cd.drafter', 'proposeResolution', 'DATA_CIRCULATION', '共建成渝地区数据交换中心（两地各出资一半）');
    await alignment.topic('cq.reviewer', 'counterPropose', 'DATA_CIRCULATION', '共建数据交换中心，重庆承担运营');
    const signing = (await alignment.topic('cd.reviewer', 'acceptResolution', 'DATA_CIRCULATION')).data!.acceptResolution!;
    expect(signing.state).toBe('signing');
    expect(signing.currentVersion.number).toBe(2);
    expect(signing.currentVersion.content.title).toBe('成渝数字经济试验区建设规划对接——规划对接备忘录');
    // The memorandum names agencies and policy areas by their names, and holds every item.
    const memorandum = signing.currentVersion.content.body;
    expect(memorandum).toContain('| 议题 | 重庆市大数据应用发展管理局 | 成都市网络理政办公室 | 对接结果 | 方式 |');
    expect(memorandum).toContain(
      '| 数据流通 | 建成成渝数据交换中心（个，2027-12-31，重庆市大数据应用发展管理局） | — | 共建数据交换中心，重庆承担运营 | 协商一致 |',
    );
    for (const item of items) expect(memorandum).toContain(item.target);
    expect(memorandum).not.toMatch(/CQ-BDB|CD-ONLINE-GOV|FIVE_G|BIG_DATA|DATA_CIRCULATION/);

    expect((await actors.sign('cq.signatory', alignment.id, keys.cq, signers.cq)).data?.signCase.state).toBe('signing');
    expect((await actors.sign('cd.signatory', alignment.id, keys.cd, signers.cd)).data?.signCase.state).toBe('aligned');

    const verification = await actors.query<{ verifyCase: { valid: boolean; signaturesChecked: number } }>(
      'auditor',
      'query($id: ID!) { verifyCase(id: $id) { valid signaturesChecked } }',
      { id: alignment.id },
    );
    expect(verification.data!.verifyCase).toEqual({ valid: true, signaturesChecked: 2 });
    const history = await actors.historyTypes(alignment.id);
    expect(history).toEqual([
      'CREATE',
      'ADD_ITEM',
      'ADD_ITEM',
      'ADD_ITEM',
      'ADD_ITEM',
      'ADD_ITEM',
      'SUBMIT_SECTION',
      'SUBMIT_SECTION',
      'PROPOSE_RESOLUTION',
      'ACCEPT_RESOLUTION',
      'PROPOSE_RESOLUTION',
      'COUNTER_PROPOSE',
      'ACCEPT_RESOLUTION',
      'SIGN',
      'SIGN',
    ]);
  });
});
