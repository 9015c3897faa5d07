"""Memory is given back once the last visitor has left (cruscotto/idle_memory.py), not while anyone is connected."""
import asyncio

from cruscotto import idle_memory
from cruscotto.local.upload_gate import STREAM_PATH


def test_memory_is_released_once_after_the_last_websocket_closes(monkeypatch):
    released = []
    monkeypatch.setattr(idle_memory, "IDLE_SECONDS", 0.05)
    monkeypatch.setattr(idle_memory, "release_memory", lambda: released.append(True))

    async def scenario():
        closed = {name: asyncio.Event() for name in ("first", "second", "third")}

        async def app(scope, receive, send):
            await closed[scope["name"]].wait()

        edge = idle_memory.ReleaseWhenIdle(app)

        def visit(name):
            return asyncio.create_task(edge({"type": "websocket", "path": STREAM_PATH, "name": name}, None, None))

        first, second = visit("first"), visit("second")
        await asyncio.sleep(0.01)
        closed["first"].set()
        await first
        await asyncio.sleep(0.15)
        assert released == []  # one visitor still connected
        closed["second"].set()
        await second
        third = visit("third")  # someone arrives before the pause ends: nothing runs
        await asyncio.sleep(0.15)
        assert released == []
        closed["third"].set()
        await third
        await asyncio.sleep(0.15)
        assert released == [True]

    asyncio.run(scenario())


def test_release_memory_shrinks_the_caches_and_collects_garbage(monkeypatch):
    import gc

    from cruscotto import result_cache
    collected = []
    monkeypatch.setattr(gc, "collect", lambda *args: collected.append(args) or 0)

    @result_cache.cached(100)
    def identity(value):
        return value

    for value in range(result_cache.RESTING_ENTRIES + 10):
        identity(value)
    idle_memory.release_memory()
    assert collected
    assert len(identity.cache) == result_cache.RESTING_ENTRIES
