import { describe, expect, it } from "vitest";
import {
  COMPAT_FLAGS,
  CompatibilityError,
  createRuntime,
  DEFAULT_COMPATIBILITY_DATE,
  KNOWN_FLAG_NAMES,
  NEWEST_SUPPORTED_DATE,
  newerDateWarning,
  resolveCompat,
} from "workers-ws";
import { describeError, thrownBy } from "./support/trace.js";

// Flag names and default dates: workerd's compatibility-date.capnp, checked against the workerd
// 2026-11-17 binary; the dates of the WebSocket flags are in workerd-observed.md §1.

const OTHERS = "; workerd's other flags (e.g. nodejs_compat) are accepted and not emulated.";

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const dated = [
  { setting: "setToStringTag", enable: "set_tostring_tag", date: "2024-09-26" },
  { setting: "setEventTargetThis", enable: "set_event_target_this", date: "2025-08-01" },
  { setting: "closeReasonByteLimit", enable: "websocket_close_reason_byte_limit", date: "2026-03-03" },
  { setting: "standardBinaryType", enable: "websocket_standard_binary_type", date: "2026-03-17" },
  { setting: "autoReplyToClose", enable: "web_socket_auto_reply_to_close", date: "2026-04-07" },
  {
    setting: "specCompliantDispatchExceptions",
    enable: "spec_compliant_dispatch_exceptions",
    date: "2026-09-15",
  },
] as const;

describe("compatibility dates", () => {
  it.each(dated)("turns $setting on from $date, not the day before", ({ setting, date }) => {
    expect(resolveCompat({ compatibilityDate: dayBefore(date) })[setting]).toBe(false);
    expect(resolveCompat({ compatibilityDate: date })[setting]).toBe(true);
  });

  it("resolves the two recorded eras to workerd's observed switches", () => {
    const pick = (date: string) => {
      const s = resolveCompat({ compatibilityDate: date });
      return dated.map(({ setting }) => s[setting]);
    };
    expect(pick("2024-01-01")).toEqual([false, false, false, false, false, false]);
    expect(pick("2026-11-01")).toEqual([true, true, true, true, true, true]);
  });

  it(`defaults to ${DEFAULT_COMPATIBILITY_DATE}`, () => {
    expect(DEFAULT_COMPATIBILITY_DATE).toBe("2026-11-01");
    const s = resolveCompat();
    expect(s.compatibilityDate).toBe("2026-11-01");
    expect(s.autoReplyToClose).toBe(true);
  });

  it("leaves the opt-in flags off at every date", () => {
    const s = resolveCompat({ compatibilityDate: NEWEST_SUPPORTED_DATE });
    expect([s.pedanticWpt, s.increaseMessageSize]).toEqual([false, false]);
  });

  it("returns frozen settings that echo the date and flags", () => {
    const s = resolveCompat({ compatibilityDate: "2024-01-01", compatibilityFlags: ["set_tostring_tag"] });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.compatibilityFlags)).toBe(true);
    expect([s.compatibilityDate, s.compatibilityFlags]).toEqual(["2024-01-01", ["set_tostring_tag"]]);
  });
});

describe("compatibility flags", () => {
  it.each(dated)("$enable turns $setting on before its date", ({ setting, enable }) => {
    expect(resolveCompat({ compatibilityDate: "2024-01-01", compatibilityFlags: [enable] })[setting]).toBe(
      true,
    );
  });

  it.each(COMPAT_FLAGS.filter((f) => f.disable !== undefined))(
    "$disable turns $setting off after its date",
    (flag) => {
      const s = resolveCompat({
        compatibilityDate: NEWEST_SUPPORTED_DATE,
        compatibilityFlags: [flag.disable as string],
      });
      expect(s[flag.setting]).toBe(false);
    },
  );

  it("knows both forms of every flag, sorted", () => {
    const names = COMPAT_FLAGS.flatMap((f) => (f.disable ? [f.enable, f.disable] : [f.enable]));
    expect(KNOWN_FLAG_NAMES).toEqual([...names].sort());
    expect(KNOWN_FLAG_NAMES).toContain("web_socket_manual_reply_to_close");
    expect(KNOWN_FLAG_NAMES).toContain("pedantic_wpt");
  });

  it("refuses an unknown flag and lists the known ones", () => {
    const error = thrownBy(() => resolveCompat({ compatibilityFlags: ["websocket_magic"] }));
    expect(error).toBeInstanceOf(CompatibilityError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).name).toBe("CompatibilityError");
    expect((error as Error).message).toBe(
      `Unknown compatibility flag "websocket_magic". Known WebSocket flags: ${KNOWN_FLAG_NAMES.join(", ")}${OTHERS}`,
    );
  });

  it("suggests the closest real flag for a misspelt one, emulated or not", () => {
    expect(
      (thrownBy(() => resolveCompat({ compatibilityFlags: ["web_socket_auto_reply"] })) as Error).message,
    ).toMatch(
      /^Unknown compatibility flag "web_socket_auto_reply"\. Did you mean "web_socket_auto_reply_to_close"\? Known WebSocket flags: /,
    );
    expect(
      (thrownBy(() => resolveCompat({ compatibilityFlags: ["nodejs_compt"] })) as Error).message,
    ).toMatch(/^Unknown compatibility flag "nodejs_compt"\. Did you mean "nodejs_compat"\? /);
    // Nothing close: no suggestion.
    expect((thrownBy(() => resolveCompat({ compatibilityFlags: ["xyz"] })) as Error).message).toMatch(
      /^Unknown compatibility flag "xyz"\. Known WebSocket flags: /,
    );
  });

  it("accepts workerd's other flags, changes nothing for them and lists them as not emulated", () => {
    const plain = resolveCompat({ compatibilityDate: "2024-09-23" });
    const withFlags = resolveCompat({
      compatibilityDate: "2024-09-23",
      compatibilityFlags: [
        "nodejs_compat",
        "no_nodejs_compat_v2",
        "web_socket_auto_reply_to_close",
        "rtti_api",
      ],
    });
    expect(withFlags.unemulatedFlags).toEqual(["nodejs_compat", "no_nodejs_compat_v2", "rtti_api"]);
    expect(plain.unemulatedFlags).toEqual([]);
    for (const def of COMPAT_FLAGS) {
      expect(withFlags[def.setting]).toBe(def.setting === "autoReplyToClose" ? true : plain[def.setting]);
    }
  });

  it("refuses both forms of a flag it does not emulate, as workerd does", () => {
    expect(
      describeError(
        thrownBy(() => resolveCompat({ compatibilityFlags: ["nodejs_compat", "no_nodejs_compat"] })),
      ),
    ).toBe(
      "CompatibilityError: Compatibility flags nodejs_compat and no_nodejs_compat contradict each other.",
    );
    expect(
      describeError(
        thrownBy(() => resolveCompat({ compatibilityFlags: ["nodejs_compat", "nodejs_compat"] })),
      ),
    ).toBe("CompatibilityError: Compatibility flag nodejs_compat is given twice.");
  });

  it("refuses contradicting flags and a flag given twice", () => {
    expect(
      describeError(
        thrownBy(() =>
          resolveCompat({
            compatibilityFlags: ["web_socket_auto_reply_to_close", "web_socket_manual_reply_to_close"],
          }),
        ),
      ),
    ).toBe(
      "CompatibilityError: Compatibility flags web_socket_auto_reply_to_close and web_socket_manual_reply_to_close contradict each other.",
    );
    expect(
      describeError(
        thrownBy(() => resolveCompat({ compatibilityFlags: ["set_tostring_tag", "set_tostring_tag"] })),
      ),
    ).toBe("CompatibilityError: Compatibility flag set_tostring_tag is given twice.");
  });

  it("refuses flags that are not an array of strings", () => {
    expect(
      describeError(thrownBy(() => resolveCompat({ compatibilityFlags: "set_tostring_tag" as never }))),
    ).toBe('CompatibilityError: compatibilityFlags must be an array of flag names, got "set_tostring_tag".');
    expect(describeError(thrownBy(() => resolveCompat({ compatibilityFlags: [42] as never })))).toBe(
      `CompatibilityError: Unknown compatibility flag number 42. Known WebSocket flags: ${KNOWN_FLAG_NAMES.join(", ")}${OTHERS}`,
    );
  });
});

describe("bad dates", () => {
  it.each([
    ["2024-1-1", 'compatibilityDate must be a string of the form YYYY-MM-DD, got "2024-1-1".'],
    ["yesterday", 'compatibilityDate must be a string of the form YYYY-MM-DD, got "yesterday".'],
    [20240101, "compatibilityDate must be a string of the form YYYY-MM-DD, got number 20240101."],
    [true, "compatibilityDate must be a string of the form YYYY-MM-DD, got boolean true."],
    ["2024-02-30", 'compatibilityDate "2024-02-30" is not a real date.'],
    ["2024-13-01", 'compatibilityDate "2024-13-01" is not a real date.'],
  ])("refuses %j", (date, message) => {
    expect(describeError(thrownBy(() => resolveCompat({ compatibilityDate: date as string })))).toBe(
      `CompatibilityError: ${message}`,
    );
  });

  it("uses the newest known date for a newer one (what wrangler init writes), and says so", () => {
    const settings = resolveCompat({ compatibilityDate: "2099-01-01" });
    expect(settings.compatibilityDate).toBe(NEWEST_SUPPORTED_DATE);
    expect(settings.requestedCompatibilityDate).toBe("2099-01-01");
    expect(newerDateWarning(settings)).toBe(
      `workers-ws: compatibilityDate 2099-01-01 is newer than the newest date this release knows; using ${NEWEST_SUPPORTED_DATE} (its behaviour is the same unless a WebSocket flag changed since).`,
    );
    for (const def of COMPAT_FLAGS) {
      expect(settings[def.setting]).toBe(
        resolveCompat({ compatibilityDate: NEWEST_SUPPORTED_DATE })[def.setting],
      );
    }
    const known = resolveCompat({ compatibilityDate: NEWEST_SUPPORTED_DATE });
    expect([known.requestedCompatibilityDate, newerDateWarning(known)]).toEqual([undefined, undefined]);
  });

  it("accepts a leap day and the newest supported date", () => {
    expect(resolveCompat({ compatibilityDate: "2024-02-29" }).compatibilityDate).toBe("2024-02-29");
    expect(resolveCompat({ compatibilityDate: NEWEST_SUPPORTED_DATE }).compatibilityDate).toBe(
      NEWEST_SUPPORTED_DATE,
    );
  });
});

describe("createRuntime options", () => {
  it("resolves the date and flags into runtime.settings", () => {
    const runtime = createRuntime({
      compatibilityDate: "2024-01-01",
      compatibilityFlags: ["web_socket_auto_reply_to_close"],
    });
    expect([runtime.settings.autoReplyToClose, runtime.settings.standardBinaryType, runtime.strict]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it.each([
    [{ compatibilitydate: "2024-01-01" }, 'Unknown workers-ws option "compatibilitydate". Valid options: '],
    [{ a: 1, b: 2 }, 'Unknown workers-ws options "a", "b". Valid options: '],
  ])("refuses %j and lists the valid options", (options, start) => {
    const message = describeError(thrownBy(() => createRuntime(options as never)));
    expect(
      message.startsWith(
        `CompatibilityError: ${start}compatibilityDate, compatibilityFlags, strict, onUncaughtError`,
      ),
    ).toBe(true);
    expect(message.endsWith(".")).toBe(true);
  });

  it.each([
    [{ strict: "yes" }, 'workers-ws option "strict" must be true or false, got yes.'],
    [{ onUncaughtError: 5 }, 'workers-ws option "onUncaughtError" must be a function.'],
    ["2024-01-01", "workers-ws options must be an object, got 2024-01-01."],
    [
      { compatibilityFlags: ["nope"] },
      `Unknown compatibility flag "nope". Known WebSocket flags: ${KNOWN_FLAG_NAMES.join(", ")}${OTHERS}`,
    ],
  ])("refuses %j", (options, message) => {
    expect(describeError(thrownBy(() => createRuntime(options as never)))).toBe(
      `CompatibilityError: ${message}`,
    );
  });
});
