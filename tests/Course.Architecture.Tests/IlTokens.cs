using System.Reflection;
using System.Reflection.Emit;

namespace Course.Architecture.Tests;

/// <summary>The metadata tokens a method body's IL refers to (call, newobj, ldfld, box, ldtoken, calli, ...).</summary>
internal static class IlTokens
{
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value), o => o.OperandType);

    public static IEnumerable<int> Of(byte[] il)
    {
        var tokens = new List<int>();
        for (int at = 0; at < il.Length;)
        {
            ushort code = il[at++];
            if (code == 0xFE) code = (ushort)(0xFE00 | il[at++]);
            if (!Operands.TryGetValue(code, out var operand))
                throw new BadImageFormatException($"Unknown IL opcode 0x{code:X} at offset {at - 1}.");
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                    tokens.Add(BitConverter.ToInt32(il, at));
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
            }
        }
        return tokens;
    }
}
