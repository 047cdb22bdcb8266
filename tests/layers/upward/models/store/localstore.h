#pragma once
// A store header, for the layers test.
