import { describe, expect, it } from "vitest";
import { parseCfnYaml } from "../../../src/project/formats/cfn-yaml.js";

const yaml = (...lines: string[]) => lines.join("\n") + "\n";

function parsed(text: string) {
  const result = parseCfnYaml(text);
  if (!result.ok) throw new Error(`expected to parse, got line ${result.line}: ${result.message}`);
  return result.doc;
}

describe("parseCfnYaml: flow collections indented the way PyYAML accepts", () => {
  it("reads a flow list of maps whose lines and closing `}]` sit at the key's indent", () => {
    const doc = parsed(
      yaml(
        "Resources:",
        "  PrivateApi:",
        "    Type: AWS::Serverless::Api",
        "    Properties:",
        "      Policy:",
        "        Statements: [{",
        '          "Effect": "Deny",',
        '          "Action": "execute-api:Invoke"',
        "        }]",
        "  Next:",
        "    Type: AWS::SNS::Topic",
      ),
    );
    const value = doc.value as { Resources: { PrivateApi: { Properties: { Policy: { Statements: unknown } } }; Next: unknown } };
    expect(value.Resources.PrivateApi.Properties.Policy.Statements).toEqual([{ Effect: "Deny", Action: "execute-api:Invoke" }]);
    expect(value.Resources.Next).toEqual({ Type: "AWS::SNS::Topic" });
    expect(doc.positionOf(["Resources", "Next"])).toEqual({ line: 10, column: 3 });
  });

  it("reads a flow sequence whose items and `]` are at the key's own indent, with tags and a comment", () => {
    const doc = parsed(
      yaml(
        "Policies:",
        "  - Statement:",
        "    - Effect: Allow",
        "      Resource: [",
        '      !Sub "arn:${AWS::Partition}:s3:::${Bucket}", # the bucket',
        "      !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'",
        "      ]",
        "Timeout: 30",
      ),
    );
    const value = doc.value as { Policies: Array<{ Statement: Array<{ Resource: unknown }> }>; Timeout: number };
    expect(value.Policies[0]!.Statement[0]!.Resource).toEqual([
      { "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}" },
      { "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*" },
    ]);
    expect(value.Timeout).toBe(30);
    // Positions are those of the text as written (the value after its tag), not of the re-indented copy.
    expect(doc.positionOf(["Policies", 0, "Statement", 0, "Resource", 1])).toEqual({ line: 6, column: 12 });
    expect(doc.positionOf(["Timeout"])).toEqual({ line: 8, column: 1 });
  });

  it("leaves brackets inside quoted text and block scalars alone", () => {
    const doc = parsed(
      yaml(
        "Description: 'a [ that never closes'",
        "Summary: a plain line that goes on",
        "  [ onto the next one",
        "Code: |",
        "  const list = [",
        "List: [",
        "\"b ] c\",",
        "d]",
        "After: 1",
      ),
    );
    expect(doc.value).toEqual({ Description: "a [ that never closes", Summary: "a plain line that goes on [ onto the next one", Code: "const list = [\n", List: ["b ] c", "d"], After: 1 });
  });

  it("still reports mis-indented block mappings with their line, as written", () => {
    const result = parseCfnYaml(yaml("Resources:", "  Fn:", "    Type: AWS::Serverless::Function", "   Properties:", "    Handler: index.handler"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(4);
    expect(result.message).toBe("All mapping items must start at the same column");
  });

  it("reports the original error when the re-indented copy does not parse either", () => {
    const result = parseCfnYaml(yaml("Items: [", "a,", "  b: [", "Other: 1"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(2);
    expect(result.message).toMatch(/flow sequence/i);
  });
});

describe("parseCfnYaml: the re-indenting retry on hostile text", { timeout: 60_000 }, () => {
  it("steps over a line of half a million tags without rescanning it for each one", () => {
    const text = yaml("Items: [", '"a",', "]", `Tags: ${"!t ".repeat(500_000)}x`);
    const result = parseCfnYaml(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The first error is a flow item at the key's indent, so the re-indented copy was scanned too;
    // it fails on the tags, and the error of the text as written is reported.
    expect(result).toMatchObject({ line: 2, message: expect.stringMatching(/sufficiently indented/) });
  });
});

describe("parseCfnYaml: positions", () => {
  it("gives the 1-based line and column of keys and list items", () => {
    const doc = parsed(yaml("functions:", "  api:", "    handler: src/api.handler", "    events:", "      - sqs: arn:aws:sqs:x"));
    expect(doc.positionOf(["functions", "api", "handler"])).toEqual({ line: 3, column: 5 });
    expect(doc.positionOf(["functions", "api", "events", 0])).toEqual({ line: 5, column: 9 });
    expect(doc.positionOf(["functions", "missing"])).toBeUndefined();
  });
});
