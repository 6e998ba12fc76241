//! Server-side session storage: the database by default, Redis when
//! `REDIS_URL` is set. Either way the cookie holds only a random key, so
//! ending a session on the server ends it for every copy of the cookie.

use std::collections::HashMap;

use actix_session::storage::{
    generate_session_key, LoadError, RedisSessionStore, SaveError, SessionKey, SessionStore,
    UpdateError,
};
use actix_web::cookie::time::Duration;

use crate::db::{self, Pool};

type State = HashMap<String, String>;

#[derive(Clone)]
pub struct DbSessionStore {
    pool: Pool,
}

impl DbSessionStore {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    async fn blocking<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut db::AnyConnection) -> diesel::QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.pool.run(move |c| Ok(f(c)?)).await
    }
}

fn expiry(ttl: &Duration) -> chrono::NaiveDateTime {
    db::now() + chrono::Duration::seconds(ttl.whole_seconds())
}

fn key_hash(key: &SessionKey) -> String {
    db::tokens::hash(key.as_ref())
}

impl SessionStore for DbSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let hash = key_hash(session_key);
        // A read by key, at every request: on this thread.
        let raw = self
            .pool
            .run_here(|c| Ok::<_, anyhow::Error>(db::sessions::load(c, &hash)?))
            .await
            .map_err(LoadError::Other)?;
        raw.map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| LoadError::Deserialization(e.into()))
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let key = generate_session_key();
        let hash = key_hash(&key);
        let expires = expiry(ttl);
        self.blocking(move |c| db::sessions::insert(c, &hash, &body, expires))
            .await
            .map_err(SaveError::Other)?;
        Ok(key)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let body =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let hash = key_hash(&session_key);
        let expires = expiry(ttl);
        let found = self
            .blocking(move |c| db::sessions::update(c, &hash, &body, expires))
            .await
            .map_err(UpdateError::Other)?;
        if found {
            Ok(session_key)
        } else {
            // Deleted meanwhile (expired, or ended elsewhere): start a new one.
            self.save(state, ttl).await.map_err(|e| match e {
                SaveError::Serialization(e) => UpdateError::Serialization(e),
                SaveError::Other(e) => UpdateError::Other(e),
            })
        }
    }

    async fn update_ttl(&self, session_key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        let hash = key_hash(session_key);
        let expires = expiry(ttl);
        self.blocking(move |c| db::sessions::touch(c, &hash, expires))
            .await
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        let hash = key_hash(session_key);
        self.blocking(move |c| db::sessions::delete(c, &hash)).await
    }
}

/// The store chosen by configuration.
#[derive(Clone)]
pub enum AnySessionStore {
    Database(DbSessionStore),
    Redis(RedisSessionStore),
}

impl SessionStore for AnySessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        match self {
            Self::Database(s) => s.load(key).await,
            Self::Redis(s) => s.load(key).await,
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        match self {
            Self::Database(s) => s.save(state, ttl).await,
            Self::Redis(s) => s.save(state, ttl).await,
        }
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        match self {
            Self::Database(s) => s.update(key, state, ttl).await,
            Self::Redis(s) => s.update(key, state, ttl).await,
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> anyhow::Result<()> {
        match self {
            Self::Database(s) => s.update_ttl(key, ttl).await,
            Self::Redis(s) => s.update_ttl(key, ttl).await,
        }
    }

    async fn delete(&self, key: &SessionKey) -> anyhow::Result<()> {
        match self {
            Self::Database(s) => s.delete(key).await,
            Self::Redis(s) => s.delete(key).await,
        }
    }
}
