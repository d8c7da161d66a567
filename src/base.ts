import {Command, Flags, type Interfaces} from '@oclif/core'

import {currentUser} from './app/engineer.js'
import {reportError} from './app/errors.js'
import {announceNewDatabase} from './app/notices.js'
import {type Day, todayLocal} from './domain/calendar.js'
import {parseDay} from './domain/day.js'
import {ToilError} from './domain/errors.js'
import {databaseLabel, openDatabase, resolveDb} from './app/database.js'
import type {Store} from './store/store.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** Owns the shared flags, the store's lifetime, error printing and exit codes. */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = {
    db: Flags.string({
      description: 'Database: an SQLite file, or a team database as postgres://USER@HOST/DATABASE (default: $TOIL_DB, else the config file\'s db, else $XDG_DATA_HOME/toil/toil.db).',
      helpGroup: 'GLOBAL',
      helpValue: 'PATH|URL',
    }),
    help: Flags.help({char: 'h', description: 'Show this help.', helpGroup: 'GLOBAL'}),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  private opened?: Store
  /** Whether a database this command creates is announced on stderr (demo says where its database is itself). */
  protected announcesNewDatabase = true

  public override async init(): Promise<void> {
    await super.init()
    // An argument left out is never read from a piped stdin (a `while read` loop's input is not
    // toil's); a command that reads stdin does so for an explicit `-`.
    const ownArgs = Object.fromEntries(Object.entries(this.ctor.args ?? {}).map(([name, arg]) => [name, {...arg, ignoreStdin: true}]))
    const {args, flags} = await this.parse({
      args: ownArgs as typeof this.ctor.args,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
  }

  /** The store, opened on first use and closed when the command ends. */
  protected async store(options: {readonly?: boolean; mustExist?: boolean} = {}): Promise<Store> {
    if (!this.opened) {
      this.opened = await openDatabase(this.flags.db, {...options, onCreate: this.announcesNewDatabase ? announceNewDatabase : undefined})
    }
    return this.opened
  }

  /**
   * The store for a view, or undefined on a first day: the default database does not exist yet
   * (nothing was logged), which is no error. A database someone named that is missing still is.
   */
  protected async storeIfLogged(): Promise<Store | undefined> {
    try {
      return await this.store({readonly: true})
    } catch (error) {
      if (error instanceof ToilError && error.code === 'no-database' && !resolveDb(this.flags.db).named) return undefined
      throw error
    }
  }

  /** Who runs the command: a team database member's login role, else `$TOIL_USER`, else the config file's `engineer`, else the OS user name. */
  protected async me(store: Store): Promise<string> {
    return currentUser(store)
  }

  /** The `--as-of` day when the command has one, else the real date. */
  protected today(asOf?: string): Day {
    const real = todayLocal()
    return asOf === undefined ? real : parseDay(asOf, real, 'as-of')
  }

  /** Plain JSON: oclif's colouring tokenises it even into a pipe (seconds for 100,000 entries), with no theme set, for the same text. */
  public override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await this.opened?.close()
    await super.finally(error)
  }

  protected override async catch(error: Error & {oclif?: {exit?: number}}): Promise<void> {
    // A failed parse is already reported; oclif would add a development-mode warning.
    this.parsed = true
    reportError(error, this.jsonEnabled(), {database: this.opened?.path ?? databaseLabel(this.flags?.db)})
  }
}
