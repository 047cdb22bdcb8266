#pragma once

// GLib's headers name a struct member `signals`, which Qt defines as a keyword.
#pragma push_macro("signals")
#undef signals
#include <gmime/gmime.h>
#pragma pop_macro("signals")

#include <memory>

// GMime hands out GObjects with a reference the caller owns; this gives that reference back
// however the function is left.
struct GObjectUnref {
    void operator()(gpointer object) const
    {
        if (object)
            g_object_unref(object);
    }
};

template<typename T> using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// GMime wants one g_mime_init() per process before any use; the static makes it once and
// thread-safe (the gateway parses on worker threads).
inline void ensureGMime()
{
    static const bool initialised = [] {
        g_mime_init();
        return true;
    }();
    (void)initialised;
}
