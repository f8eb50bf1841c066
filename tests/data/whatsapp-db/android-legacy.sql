-- Android WhatsApp msgstore.db, legacy schema (`messages`, `chat_list`, `messages_quotes`;
-- a subset of their columns, as documented in the shared IPED sample). Invented content.
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT, timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT, media_size INTEGER, media_name TEXT, media_caption TEXT, remote_resource TEXT, received_timestamp INTEGER, quoted_row_id INTEGER);
CREATE TABLE messages_quotes (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT, timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT, media_size INTEGER, media_name TEXT, media_caption TEXT, remote_resource TEXT, received_timestamp INTEGER, quoted_row_id INTEGER);
CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE, message_table_id INTEGER, subject TEXT, creation INTEGER);

INSERT INTO chat_list VALUES (1, '15550000001@s.whatsapp.net', 6, NULL, NULL);
INSERT INTO chat_list VALUES (2, '15550000003-1600000000@g.us', 9, 'Five-a-side', 1600000000000);
INSERT INTO chat_list VALUES (3, '15550000009@s.whatsapp.net', NULL, NULL, NULL);

INSERT INTO messages VALUES (1, '-1', 0, '-1', -1, 0, NULL, 0, NULL, NULL, '-1', 0, NULL, NULL, NULL, 0, 0);
INSERT INTO messages VALUES (2, '15550000001@s.whatsapp.net', 0, 'k2', 0, 0, 'you on your own?', 1600000000000, NULL, NULL, '0', 0, NULL, NULL, NULL, 0, 0);
INSERT INTO messages VALUES (3, '15550000001@s.whatsapp.net', 1, 'k3', 13, 0, 'yeah mum is out', 1600000060000, NULL, NULL, '0', 0, NULL, NULL, NULL, 0, 0);
INSERT INTO messages VALUES (4, '15550000001@s.whatsapp.net', 0, 'k4', 0, 0, NULL, 1600000120000, NULL, 'image/jpeg', '1', 1000, NULL, 'your turn', NULL, 0, 0);
INSERT INTO messages VALUES (5, '15550000001@s.whatsapp.net', 0, 'k5', 0, 0, NULL, 1600000180000, NULL, NULL, '15', 0, NULL, NULL, NULL, 0, 0);
INSERT INTO messages VALUES (6, '15550000001@s.whatsapp.net', 0, 'k6', 0, 0, 'add me on the other app', 1600000240000, NULL, NULL, '0', 0, NULL, NULL, NULL, 0, 1);
-- group created: a system row (status 6)
INSERT INTO messages VALUES (7, '15550000003-1600000000@g.us', 1, 'k7', 6, 0, NULL, 1600000000000, NULL, NULL, '0', 0, NULL, NULL, NULL, 0, 0);
INSERT INTO messages VALUES (8, '15550000003-1600000000@g.us', 0, 'k8', 0, 0, 'match is at ten', 1600000300000, NULL, NULL, '0', 0, NULL, NULL, '15550000002@s.whatsapp.net', 0, 0);
INSERT INTO messages VALUES (9, '15550000003-1600000000@g.us', 1, 'k9', 13, 0, 'my dad will drive', 1600000360000, NULL, NULL, '0', 0, NULL, NULL, NULL, 0, 0);
INSERT INTO messages VALUES (10, 'status@broadcast', 0, 'k10', 0, 0, 'a status', 1600000000000, NULL, NULL, '0', 0, NULL, NULL, '15550000002@s.whatsapp.net', 0, 0);

-- 6 quotes a message deleted from the phone (key kgone)
INSERT INTO messages_quotes VALUES (1, '15550000001@s.whatsapp.net', 0, 'kgone', 0, 0, 'keep this between us', 1600000030000, NULL, NULL, '0', 0, NULL, NULL, NULL, 0, 0);
