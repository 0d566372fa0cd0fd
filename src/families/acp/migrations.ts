import type { Migration } from '../../core/db.js'

export const acpMigrations: Migration[] = [
  {
    id: 700,
    name: 'acp',
    sql: `
      -- owner_id names a users row without a foreign key (see ownedBy in store.ts).
      CREATE TABLE acp_workflows (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        owner_id INTEGER NOT NULL,
        date TEXT NOT NULL,
        modified TEXT NOT NULL
      );

      CREATE TABLE acp_steps (
        workflow_id INTEGER NOT NULL REFERENCES acp_workflows(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        body TEXT,
        PRIMARY KEY (workflow_id, position)
      ) WITHOUT ROWID;

      CREATE TABLE acp_runs (
        id INTEGER PRIMARY KEY,
        workflow_id INTEGER NOT NULL REFERENCES acp_workflows(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        username TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('api', 'scheduler')),
        input TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'error')),
        message TEXT NOT NULL DEFAULT '',
        start_ms INTEGER NOT NULL,
        end_ms INTEGER
      );
      CREATE INDEX acp_runs_workflow ON acp_runs(workflow_id, id);

      CREATE TABLE acp_run_steps (
        run_id INTEGER NOT NULL REFERENCES acp_runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('finished', 'error')),
        message TEXT NOT NULL DEFAULT '',
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        body TEXT,
        status INTEGER,
        response TEXT,
        PRIMARY KEY (run_id, position)
      ) WITHOUT ROWID;
    `
  }
]
