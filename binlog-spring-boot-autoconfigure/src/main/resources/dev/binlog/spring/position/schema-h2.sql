CREATE TABLE IF NOT EXISTS binlog_position (
    name            VARCHAR(100) NOT NULL PRIMARY KEY,
    version         BIGINT       NOT NULL,
    binlog_file     VARCHAR(255) NOT NULL,
    binlog_position BIGINT       NOT NULL,
    gtid_set        CLOB,
    server_id       BIGINT       NOT NULL,
    updated_at      TIMESTAMP(3) NOT NULL,
    owner           VARCHAR(255),
    snapshot_progress CLOB
);
