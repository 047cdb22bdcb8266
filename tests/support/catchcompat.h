#pragma once

// One include for Catch2 v2 (Debian 12) and v3 (Homebrew, vcpkg): tests use only the
// macros both versions share.
#if defined(DESKLINE_CATCH2_V3)
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#else
#include <catch2/catch.hpp>
#endif

#include <QString>

#include <ostream>

// Readable QString values in failure messages.
inline std::ostream &operator<<(std::ostream &os, const QString &value)
{
    return os << value.toStdString();
}
