-- One database per service (the AppHost creates the same three).
CREATE DATABASE documentsdb;
CREATE DATABASE exportsdb;
CREATE DATABASE aidb;
