-- A Discord guild is a "server" everywhere in the code and in Discord's own interface; the column says so too.
ALTER TABLE subscriptions RENAME COLUMN space TO server;
