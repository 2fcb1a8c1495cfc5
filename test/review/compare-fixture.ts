// The base version of the file that the Compare Graph tests compare against (the list of changes
// in test/review/change-items.test.ts, the highlighted graphs in test/webview/compare.test.ts);
// each test writes its own working copy from COMPARE_SCHEMA.

export const COMPARE_SCHEMA = `entity Customer table "customers" {
  key id: int
  email: string? @email
  tier: string
}
`;

export const COMPARE_BEFORE = `${COMPARE_SCHEMA}
campaign c {
  audience loyal: Customer where tier = "gold"
  wait later from loyal for 2 days
  email offer from later { subject "Hi"; body "Hello" }
  email farewell from loyal { subject "Old"; body "Gone" }
}
`;
