"""Django's built-in Redis cache, keeping one redis-py client per connection pool.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
operation, and redis-py fills a table of some 160 response callbacks each time: about 0.35 ms per operation,
more than the round trip to Redis. A cached public product page makes two cache operations, so that was a
third of its time in Python (bench/public.py). The clients are thread-safe and share the pool as before; only
their construction is saved. Everything else is Django's RedisCache unchanged.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingClient
