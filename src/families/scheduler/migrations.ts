import type { Migration } from '../../core/db.js'

export const schedulerMigrations: Migration[] = [
  {
    id: 600,
    name: 'scheduler',
    sql: `
      -- owner_id names a users row without a foreign key: deleting a user must never fail half-way
      -- here; the users family asks ownedBy() first and refuses with a message instead.
      CREATE TABLE scheduler_tasks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        parameters TEXT NOT NULL DEFAULT '{}',
        schedule TEXT NOT NULL CHECK (schedule IN ('once', 'hourly', 'daily', 'weekly', 'monthly')),
        start_ms INTEGER NOT NULL,
        next_run_ms INTEGER,
        enabled INTEGER NOT NULL DEFAULT 1,
        owner_id INTEGER NOT NULL,
        date TEXT NOT NULL,
        modified TEXT NOT NULL
      );
      CREATE INDEX scheduler_tasks_due ON scheduler_tasks(next_run_ms);

      CREATE TABLE scheduler_runs (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES scheduler_tasks(id) ON DELETE CASCADE,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        scheduled_ms INTEGER,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER,
        state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'warning', 'error')),
        message TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX scheduler_runs_task ON scheduler_runs(task_id, id);
    `
  }
]
