#pragma once
// A domain header that reaches up into the store: the layers test must refuse it.
#include "localstore.h"
