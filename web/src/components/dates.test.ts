import { describe, expect, it } from "vitest";
import { datePattern, readDate, showDate } from "./dates";

describe("dates in the user's language", () => {
  it("reads Danish dd-mm-yyyy (with - . or /) and ISO, and refuses impossible dates", () => {
    expect(readDate("31-12-2024")).toBe("2024-12-31");
    expect(readDate("1.2.2025")).toBe("2025-02-01");
    expect(readDate("05/06/2023")).toBe("2023-06-05");
    expect(readDate("2024-02-29")).toBe("2024-02-29");
    expect(readDate("29-02-2023")).toBeNull();
    expect(readDate("12/31/2024")).toBeNull(); // month 31: an American date is not read as Danish
    expect(readDate("")).toBe("");
  });
  it("shows an ISO date as the language writes it", () => {
    expect(showDate("2024-12-31", "da")).toBe("31-12-2024");
    expect(showDate("2024-12-31", "en")).toBe("2024-12-31");
    expect(datePattern("da")).toBe("dd-mm-åååå");
  });
});
