-- What schema version 3 changes in the seed library: no table, but its
-- index holds Chinese, Japanese and Korean text one character per token,
-- so the Chinese item of seed_v2.sql is indexed as version 3 writes it.
DELETE FROM fts WHERE rowid = 1650712589230727;
INSERT INTO fts(rowid, title, summary, body, person, place, org, source, region)
VALUES (1650712589230727, '北 京 举 行 亚 太 经 合 组 织 会 议', '各 国 代 表 在 北 京 讨 论 贸 易', '', '', '', '', '中 文 新 闻 ' || char(57344) || 's2', '');
INSERT INTO terms(term) VALUES ('北'), ('京'), ('举'), ('行'), ('亚'), ('太'), ('经'), ('合'), ('组'), ('织'), ('会'), ('议'), ('各'), ('国'), ('代'), ('表'), ('在'), ('讨'), ('论'), ('贸'), ('易'), ('中'), ('文'), ('新'), ('闻');
