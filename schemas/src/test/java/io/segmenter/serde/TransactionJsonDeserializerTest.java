package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionJsonDeserializerTest {

    private final TransactionJsonDeserializer deserializer = new TransactionJsonDeserializer();

    private Transaction read(String json) {
        return deserializer.deserialize("transactions", json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private String failure(String json) {
        return assertThrows(SerdeException.class, () -> read(json)).getMessage();
    }

    @Test
    void shouldReadEveryFieldNamedAsInTheSchema() {
        Transaction t = read("{'transactionId':'INV-536365','customerId':'C-17850','eventTime':'2026-11-22T10:15:30.123Z',"
                + "'amountMinor':1530,'currency':'GBP','kind':'PURCHASE','lineCount':7,'channel':'web'}");
        assertEquals(SampleRecords.transaction(), t);
    }

    @Test
    void shouldAcceptEpochMillisAndOffsetTimes() {
        assertEquals(Instant.ofEpochMilli(1_790_000_000_123L),
                read("{'eventTime':1790000000123,'amountMinor':1,'kind':'REFUND'}").getEventTime());
        assertEquals(Instant.ofEpochMilli(1_790_000_000_123L),
                read("{'eventTime':'1790000000123','amountMinor':1}").getEventTime());
        assertEquals(Instant.parse("2026-11-22T09:15:30Z"),
                read("{'eventTime':'2026-11-22T10:15:30+01:00','amountMinor':1}").getEventTime());
    }

    @ParameterizedTest
    @CsvSource({"'12.34',GBP,1234", "12.34,GBP,1234", "15,GBP,1500", "1500,JPY,1500", "1.234,KWD,1234", "0.5,EUR,50"})
    void shouldConvertMajorUnitsWithTheCurrencyFractionDigits(String amount, String currency, long minor) {
        String json = "{'eventTime':1,'amount':" + amount + ",'currency':'" + currency + "'}";
        assertEquals(minor, read(json).getAmountMinor());
    }

    @Test
    void shouldRejectAmountWithMoreDigitsThanTheCurrencyHas() {
        String message = failure("{'eventTime':1,'amount':'12.345','currency':'GBP'}");
        assertTrue(message.contains("12.345") && message.contains("GBP") && message.contains("2 fraction digits"), message);
        message = failure("{'eventTime':1,'amount':'1.5','currency':'JPY'}");
        assertTrue(message.contains("JPY"), message);
    }

    @Test
    void shouldGiveEmptyIdsAndCurrencyWhenMissingSoValidationNamesThem() {
        Transaction t = read("{'eventTime':1,'amountMinor':5,'transactionId':null}");
        assertEquals("", t.getTransactionId());
        assertEquals("", t.getCustomerId());
        assertEquals("", t.getCurrency());
        assertEquals(TransactionKind.UNKNOWN, t.getKind());
        assertNull(t.getLineCount());
        assertNull(t.getChannel());
    }

    @Test
    void shouldMapUnknownKindToUnknownWithoutThrowing() {
        assertEquals(TransactionKind.UNKNOWN, read("{'eventTime':1,'amountMinor':5,'kind':'CHARGEBACK'}").getKind());
        assertEquals(TransactionKind.UNKNOWN, read("{'eventTime':1,'amountMinor':5,'kind':3}").getKind());
        assertEquals(TransactionKind.REFUND, read("{'eventTime':1,'amountMinor':5,'kind':'refund'}").getKind());
    }

    @Test
    void shouldAcceptNumericIds() {
        assertEquals("536365", read("{'transactionId':536365,'eventTime':1,'amountMinor':5}").getTransactionId());
    }

    @Test
    void shouldRejectMalformedJson() {
        assertTrue(failure("{'transactionId':'x',").contains("malformed JSON"));
        assertTrue(failure("{'eventTime':1,'amountMinor':5} trailing").contains("malformed JSON"));
        assertTrue(failure("[1,2]").contains("must be an object, got ARRAY"));
        assertTrue(assertThrows(SerdeException.class, () -> deserializer.deserialize("t", new byte[0]))
                .getMessage().contains("empty value"));
        assertNull(deserializer.deserialize("t", null));
    }

    @Test
    void shouldNameTheFieldOfWrongType() {
        assertTrue(failure("{'customerId':{'id':1},'eventTime':1,'amountMinor':5}").startsWith("customerId must be a string"));
        assertTrue(failure("{'eventTime':true,'amountMinor':5}").startsWith("eventTime must be"));
        assertTrue(failure("{'eventTime':'yesterday','amountMinor':5}").contains("eventTime \"yesterday\""));
        assertTrue(failure("{'eventTime':1,'amountMinor':12.5}").startsWith("amountMinor 12.5 is not a whole number"));
        assertTrue(failure("{'eventTime':1,'amount':[1]}").startsWith("amount must be"));
        assertTrue(failure("{'eventTime':1,'amount':'ten'}").contains("amount \"ten\" is not a decimal number"));
        assertTrue(failure("{'eventTime':1,'amountMinor':5,'lineCount':'many'}").startsWith("lineCount must be"));
        assertTrue(failure("{'eventTime':1,'amountMinor':5,'channel':7.5}").startsWith("channel must be a string"));
    }

    @Test
    void shouldRequireEventTimeAndExactlyOneAmount() {
        assertTrue(failure("{'amountMinor':5}").contains("eventTime is missing"));
        assertTrue(failure("{'eventTime':1}").contains("amount is missing"));
        assertTrue(failure("{'eventTime':1,'amountMinor':5,'amount':'0.05'}").contains("not both"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'amount':NaN", "'amount':Infinity", "'amount':-Infinity", "'amount':'NaN'", "'amount':'-Infinity'",
        "'amount':1e18", "'amountMinor':1e30", "'amountMinor':12.5"})
    void shouldTellAnUnusableAmountFromUndecodableBytes(String amount) {
        String json = "{'transactionId':'t','customerId':'c','eventTime':0,'currency':'GBP','kind':'PURCHASE'," + amount + "}";
        InvalidAmountException e = assertThrows(InvalidAmountException.class, () -> read(json));
        assertTrue(e.getMessage().contains("amount"), e.getMessage());
    }

    @Test
    void shouldRefuseATransactionThatNamesAFieldTwice() {
        String json = "{'transactionId':'t','customerId':'alice','customerId':'bob','eventTime':0,'amount':'1.00','currency':'GBP','kind':'PURCHASE'}";
        SerdeException e = assertThrows(SerdeException.class, () -> read(json));
        assertTrue(e.getMessage().contains("Duplicate field 'customerId'"), e.getMessage());
        assertTrue(!(e instanceof InvalidAmountException));
    }
}
