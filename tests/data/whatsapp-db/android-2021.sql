-- Android WhatsApp msgstore.db, 2021+ schema (the `message` / `jid` / `chat` tables; a
-- subset of their columns, as documented in the shared Dexter sample). Invented content.
-- Built into a database by the tests; see src/ingest/whatsapp_db.rs for what each row
-- should become.
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, hidden INTEGER, subject TEXT, created_timestamp INTEGER, sort_timestamp INTEGER);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER, timestamp INTEGER, received_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER, sort_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, file_path TEXT, mime_type TEXT, media_name TEXT);
CREATE TABLE message_system (message_row_id INTEGER PRIMARY KEY, action_type INTEGER NOT NULL);
CREATE TABLE message_quoted (message_row_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, parent_message_chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, sender_jid_row_id INTEGER, key_id TEXT NOT NULL, timestamp INTEGER, message_type INTEGER, text_data TEXT);
CREATE TABLE message_revoked (message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT NOT NULL, admin_jid_row_id INTEGER);

INSERT INTO jid VALUES (1, '15550000001', 's.whatsapp.net', 0, 0, 0, '15550000001@s.whatsapp.net');
INSERT INTO jid VALUES (2, '15550000002', 's.whatsapp.net', 0, 0, 0, '15550000002@s.whatsapp.net');
INSERT INTO jid VALUES (3, '15550000003-1600000000', 'g.us', 0, 0, 1, '15550000003-1600000000@g.us');
INSERT INTO jid VALUES (4, 'status', 'broadcast', 0, 0, 0, 'status@broadcast');
INSERT INTO jid VALUES (5, '15550000004', 's.whatsapp.net', 0, 0, 0, '15550000004@s.whatsapp.net');
-- raw_string empty: the jid is user@server
INSERT INTO jid VALUES (6, '15550000006', 's.whatsapp.net', 0, 0, 0, '');

INSERT INTO chat VALUES (10, 1, 0, NULL, 1700000000000, 1700000600000);
INSERT INTO chat VALUES (11, 3, 0, 'Five-a-side', 1700000000000, 1700000600000);
INSERT INTO chat VALUES (12, 4, 0, NULL, 1700000000000, 1700000600000);
INSERT INTO chat VALUES (13, 5, 0, NULL, 1700000000000, 1700000600000);

-- WhatsApp's placeholder row
INSERT INTO message VALUES (1, -1, 0, '-1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0);
-- one-to-one chat 10
INSERT INTO message VALUES (100, 10, 0, 'k100', 0, 0, 1700000000000, NULL, 0, 'hey how old are you', 0, 1);
INSERT INTO message VALUES (101, 10, 1, 'k101', 0, 13, 1700000060000, NULL, 0, '14, you?', 0, 2);
INSERT INTO message VALUES (102, 10, 0, 'k102', 0, 0, 1700000120000, NULL, 0, 'I''m 25, age is just a number', 0, 3);
-- stored out of time order: read in time order
INSERT INTO message VALUES (104, 10, 0, 'k104', 0, 0, 1700000180000, NULL, 0, 'send me a pic', 0, 4);
INSERT INTO message VALUES (103, 10, 0, 'k103', 0, 0, 1700000240000, NULL, 1, 'this is me', 0, 5);
INSERT INTO message VALUES (105, 10, 0, 'k105', 0, 0, 1700000300000, NULL, 15, NULL, 0, 6);
INSERT INTO message VALUES (106, 10, 0, 'k106', 0, 0, 1700000360000, NULL, 0, 'don''t tell your mum', 0, 7);
INSERT INTO message VALUES (107, 10, 1, 'k107', 0, 13, 1700000420000, NULL, 0, 'ok', 0, 8);
INSERT INTO message VALUES (108, 10, 0, 'k108', 0, 0, 1700000480000, NULL, 5, NULL, 0, 9);
INSERT INTO message VALUES (109, 10, 0, 'k109', 0, 0, 1700000490000, NULL, 7, NULL, 0, 10);
INSERT INTO message VALUES (110, 10, 0, 'k110', 0, 0, 1700000500000, NULL, 99, NULL, 0, 11);
-- group chat 11
INSERT INTO message VALUES (200, 11, 0, 'k200', 2, 0, 1700000000000, NULL, 0, 'training moved to six', 0, 1);
INSERT INTO message VALUES (201, 11, 0, 'k201', 6, 0, 1700000060000, NULL, 0, 'see you all there', 0, 2);
INSERT INTO message VALUES (202, 11, 1, 'k202', 0, 13, 1700000120000, NULL, 0, 'thanks coach', 0, 3);
INSERT INTO message VALUES (203, 11, 0, 'k203', 2, 0, 1700000180000, NULL, 0, NULL, 0, 4);
-- a status update
INSERT INTO message VALUES (300, 12, 0, 'k300', 2, 0, 1700000000000, NULL, 1, NULL, 0, 1);
-- a chat with only a system row
INSERT INTO message VALUES (400, 13, 0, 'k400', 0, 0, 1700000000000, NULL, 7, NULL, 0, 1);
-- a row whose chat is not in `chat`
INSERT INTO message VALUES (500, 99, 0, 'k500', 0, 0, 1700000000000, NULL, 0, 'lost', 0, 1);

INSERT INTO message_media VALUES (103, 10, 'Media/WhatsApp Images/IMG-1.jpg', 'image/jpeg', NULL);
INSERT INTO message_media VALUES (300, 12, 'Media/.Statuses/IMG-2.jpg', 'image/jpeg', NULL);
INSERT INTO message_system VALUES (203, 27);
-- 106 quotes a message deleted from the phone (key kgone); 107 quotes 104, still there
INSERT INTO message_quoted VALUES (106, 10, 10, 0, 0, 'kgone', 1700000100000, 0, 'delete this chat after');
INSERT INTO message_quoted VALUES (107, 10, 10, 0, 0, 'k104', 1700000180000, 0, 'send me a pic');
INSERT INTO message_revoked VALUES (105, 'k105', NULL);
