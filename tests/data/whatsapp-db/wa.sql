-- Android WhatsApp wa.db (contacts), the columns the reader uses. Invented content.
CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, is_whatsapp_user BOOLEAN NOT NULL, status TEXT, number TEXT, display_name TEXT, given_name TEXT, wa_name TEXT);
INSERT INTO wa_contacts VALUES (1, '15550000001@s.whatsapp.net', 1, NULL, '+15550000001', 'Alex', 'Alex', NULL);
-- no address-book name: the push name
INSERT INTO wa_contacts VALUES (2, '15550000002@s.whatsapp.net', 1, NULL, '+15550000002', NULL, NULL, 'Coach Sam');
INSERT INTO wa_contacts VALUES (3, '15550000003-1600000000@g.us', 1, NULL, NULL, 'Five-a-side', NULL, NULL);
