import { BSON, type CommandStartedEvent, type Db, type Document } from 'mongodb';

const { EJSON } = BSON;

/** Fields the driver adds to every command for its session and cluster; a replay lets the driver add its own. */
const driverFields = new Set(['lsid', '$clusterTime', '$db', 'txnNumber', '$readPreference', 'apiVersion']);
/** Unique fields an inserted document may carry besides its _id: a replay needs fresh values for them too. */
const uniqueFields = ['nonce', 'idempotencyKey'];

/**
 * The database work of one operation, as the application sent it (command monitoring), ready to be sent again
 * by the bare driver: the same commands with the same documents, in the same order. `subject` (the case the
 * operation acted on) and every unique value the operation inserted are renamed on each replay, so that the
 * replayed inserts succeed as the application's did.
 */
export class CommandScript {
  private readonly text: string;
  private readonly fresh: string[];

  constructor(
    events: readonly Pick<CommandStartedEvent, 'commandName' | 'command'>[],
    private readonly subject: string | undefined,
  ) {
    // A cursor's getMore and killCursors carry the cursor id of that run: a replay pages its own cursors.
    const commands = events
      .filter((event) => event.commandName !== 'getMore' && event.commandName !== 'killCursors')
      .map((event) => Object.fromEntries(Object.entries(event.command).filter(([key]) => !driverFields.has(key))));
    const inserted = commands.flatMap((command) => (command.insert === undefined ? [] : (command.documents as Document[])));
    const unique = inserted
      .flatMap((doc): unknown[] => [doc._id, ...uniqueFields.map((field): unknown => doc[field])])
      .filter((value): value is string => typeof value === 'string');
    this.fresh = [...new Set(unique.filter((value) => subject === undefined || !value.includes(subject)))].sort((a, b) => b.length - a.length);
    this.text = EJSON.stringify(commands, { relaxed: false });
  }

  get roundTrips(): number {
    return (EJSON.parse(this.text) as Document[]).length;
  }

  /** The commands for one replay on `target` (in place of the subject); `tag` makes every other unique value new. */
  commandsFor(target: string | undefined, tag: string): Document[] {
    let text = this.text;
    for (const value of this.fresh) text = text.split(JSON.stringify(value).slice(1, -1)).join(`${value}~${tag}`);
    if (this.subject !== undefined && target !== undefined) text = text.split(this.subject).join(target);
    return EJSON.parse(text, { relaxed: false }) as Document[];
  }
}

/** Sends the commands one after another, paging any cursor to its end; returns the round trips made. */
export async function replay(db: Db, commands: readonly Document[]): Promise<number> {
  let roundTrips = 0;
  for (const command of commands) {
    const reply = await db.command(command);
    roundTrips += 1;
    if (Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0)
      throw new Error(`replayed ${Object.keys(command)[0] ?? ''} failed: ${JSON.stringify(reply.writeErrors[0])}`);
    let cursor = reply.cursor as { id?: BSON.Long | number; ns?: string } | undefined;
    while (cursor?.id !== undefined && cursor.id.toString() !== '0') {
      const collection = (cursor.ns ?? '').split('.').slice(1).join('.');
      const more = await db.command({ getMore: cursor.id, collection });
      roundTrips += 1;
      cursor = more.cursor as { id?: BSON.Long | number; ns?: string };
    }
  }
  return roundTrips;
}
