#pragma once

#include <curl/curl.h>

// curl_global_init is not thread-safe itself; a function-local static runs it exactly once
// whichever thread uses libcurl first (SMTP submission, the webhooks to intake sources).
inline bool curlGlobalReady()
{
    static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return ready;
}
