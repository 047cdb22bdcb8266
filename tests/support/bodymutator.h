#pragma once

#include <QByteArray>
#include <QRandomGenerator>

// The fuzz tests' mutations of a request body: a byte changed, a byte inserted, a few bytes
// removed or a run of one byte inserted, at random places, drawn from the test's seeded
// generator so that a failure comes back the same on every run.
class BodyMutator
{
public:
    static void mutate(QByteArray &body, QRandomGenerator &random, int mutations)
    {
        for (int m = 0; m < mutations; ++m) {
            const int at = int(random.bounded(body.size() + 1));
            switch (random.bounded(4)) {
            case 0:
                if (at < body.size())
                    body[at] = char(random.bounded(256));
                break;
            case 1:
                body.insert(at, char(random.bounded(256)));
                break;
            case 2:
                body.remove(at, int(random.bounded(8)));
                break;
            default:
                body.insert(at, QByteArray(int(random.bounded(64)), char(random.bounded(256))));
            }
        }
    }
};
