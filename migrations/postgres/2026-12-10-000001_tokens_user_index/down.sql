DROP INDEX single_use_tokens_user;
