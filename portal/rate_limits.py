"""Counters over a time window in the shared cache, so that every web node sees the same numbers."""

from django.core.cache import cache


def cache_window_count(*, key: str, window: int) -> int:
    """Count one more event under ``key`` and return the count within the window (``window`` seconds
    from the first event). The caller builds the key; it must hold no personal data."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1
