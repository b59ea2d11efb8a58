// Runs caseflow's DuckDB push-down query on a CSV log in DuckDB (@duckdb/node-api).
// SPDX-License-Identifier: MIT
// node duckdb_run.mjs LOG.csv[.gz] QUERY.sql OUT.csv: loads LOG into a table "events"
// (every column as text, in file order), runs the query, writes its result as CSV (JSON lines when OUT ends in .json).
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'fs';

const [, , csv, sqlfile, out] = process.argv;
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run("SET TimeZone = 'UTC'");
await con.run(`CREATE TABLE events AS SELECT * FROM read_csv(${lit(csv)}, header = true, all_varchar = true)`);
const sql = fs.readFileSync(sqlfile, 'utf8').trim().replace(/;$/, '');
const format = out.endsWith('.json') ? 'FORMAT json' : 'FORMAT csv, HEADER';
await con.run(`COPY (${sql}) TO ${lit(out)} (${format})`);
