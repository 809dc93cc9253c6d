//! The `fazhi` binary driven as a user would, on fixture workspaces, with snapshots of what it
//! prints.

mod support;

mod adoption;
mod audit;
mod bad_input;
mod broken_file;
mod calendar;
mod checklist;
mod chinese;
mod county;
mod crash;
mod daemons;
mod example;
mod flow;
mod found_by_fuzz;
mod fuzz;
mod hostile_ws;
mod init;
mod ledger;
mod ledger_revisions;
mod long_running;
mod migrate;
mod names;
mod readme_tour;
mod release;
mod remind;
mod report;
mod review;
mod roster;
mod tasks;
mod terminal;
mod web;
